package net.protocols.amp;

import java.util.Objects;
import java.util.function.Function;
import net.deferred.Deferred;
import net.protocols.tls.TLSOptions;
import net.reactor.Factory;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The Asynchronous Messaging Protocol (Twisted's {@code AMP}): a {@link BinaryBoxProtocol}
 * whose boxes go to a {@link BoxDispatcher}. Either side may call the other's commands at any
 * time, with any number of calls in flight.
 *
 * {@snippet :
 * Argument<Long> a = Argument.of("a", AmpTypes.INTEGER);
 * Argument<Long> b = Argument.of("b", AmpTypes.INTEGER);
 * Argument<Long> total = Argument.of("total", AmpTypes.INTEGER);
 * Command sum = Command.named("Sum").argument(a, b).response(total).build();
 *
 * // a server: one registry of responders for every connection
 * Responders responders = new Responders().respond(sum, args -> AmpValues.of(total, args.get(a) + args.get(b)));
 * Factory factory = AMP.factory(responders);
 *
 * // a client, once connected (connectionMade has run)
 * AMP amp = new AMP();
 * Deferred<Long> answer = amp.callRemote(sum, AmpValues.of(a, 13L, b, 81L))
 *         .addCallback(response -> response.get(total));
 * }
 *
 * <p>See {@link BoxDispatcher} for how calls are answered and {@link BinaryBoxProtocol} for what
 * input closes the connection. {@link #startTLS} switches the connection to TLS in place
 * ({@link StartTLS}); {@link #callRemoteSwitch} hands it to another protocol (Twisted's
 * {@code ProtocolSwitchCommand}). From a virtual thread,
 * {@code Blocking.await(() -> amp.callRemote(...))} runs the call on the reactor and waits.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class AMP extends BinaryBoxProtocol {

    /** Creates an AMP connection that answers no command (each with {@code UNHANDLED}). */
    public AMP() {
        this(new Responders());
    }

    /**
     * Creates an AMP connection.
     *
     * @param responders the handlers for the peer's calls
     */
    public AMP(Responders responders) {
        super(new BoxDispatcher(responders));
    }

    /**
     * Creates an AMP connection whose responders are made for it: they may use the connection,
     * to call the peer back or to close it, as a Twisted responder uses {@code self}.
     *
     * {@snippet :
     * Command bye = Command.named("Bye").noAnswer().build();
     * Factory factory = Factory.forProtocol(() -> new AMP(amp -> new Responders()
     *         .respond(bye, args -> {
     *             amp.transport().loseConnection();
     *             return AmpValues.empty();
     *         })));
     * }
     *
     * @param responders makes the responders, given this connection; it may capture the
     *     connection, but runs before the connection is made (and before a subclass's fields
     *     are set), so it should not call it yet
     */
    // The function may keep the connection for later but should not use it yet: a subclass's
    // fields are not set, and the connection is not made, until after this constructor.
    @SuppressWarnings("this-escape")
    public AMP(Function<? super AMP, Responders> responders) {
        super(new BoxDispatcher(new Responders()));
        dispatcher().responders(Objects.requireNonNull(responders.apply(this), "responders returned null"));
    }

    /**
     * A factory of AMP connections sharing one registry of responders.
     *
     * @param responders the handlers
     * @return the factory
     */
    public static Factory factory(Responders responders) {
        return Factory.forProtocol(() -> new AMP(responders));
    }

    /**
     * A factory of AMP connections, each with responders made for it.
     *
     * @param responders makes one connection's responders, given the connection
     * @return the factory
     */
    public static Factory factory(Function<? super AMP, Responders> responders) {
        Objects.requireNonNull(responders, "responders");
        return Factory.forProtocol(() -> new AMP(responders));
    }

    private BoxDispatcher dispatcher() {
        return (BoxDispatcher) boxReceiver();
    }

    /**
     * Calls a command on the peer; see {@link BoxDispatcher#callRemote}.
     *
     * @param command the command
     * @param arguments its arguments
     * @return a Deferred of the typed response
     */
    public Deferred<AmpValues> callRemote(Command command, AmpValues arguments) {
        return dispatcher().callRemote(command, arguments);
    }

    /**
     * Starts TLS on this connection with Twisted's {@link StartTLS} command; see
     * {@link BoxDispatcher#callRemoteStartTLS}. Boxes sent after this call are encrypted.
     *
     * {@snippet :
     * amp.startTLS(TLSClientOptions.trusting(Trust.certificates(certificate)).withServerName("amp.test"))
     *         .addCallback(ignored -> amp.callRemote(secret, arguments));
     * }
     *
     * @param options this side's TLS settings; {@link net.protocols.tls.TLSClientOptions} on the
     *     side that connected, to match Twisted
     * @return a Deferred that fires once TLS has started, or fails as
     *     {@link BoxDispatcher#callRemoteStartTLS} describes
     */
    public Deferred<AmpValues> startTLS(TLSOptions options) {
        return callRemoteStartTLS(StartTLS.COMMAND, AmpValues.empty(), options);
    }

    /**
     * Calls a command that starts TLS; see {@link BoxDispatcher#callRemoteStartTLS}.
     *
     * @param command a command declared like {@link StartTLS#COMMAND}
     * @param arguments its arguments
     * @param options this side's TLS settings
     * @return a Deferred of the (empty) response, fired once TLS has started
     */
    public Deferred<AmpValues> callRemoteStartTLS(Command command, AmpValues arguments, TLSOptions options) {
        return dispatcher().callRemoteStartTLS(command, arguments, options);
    }

    /**
     * Calls a protocol switch; see {@link BoxDispatcher#callRemoteSwitch}.
     *
     * @param command a command asking an answer, without response values
     * @param arguments its arguments
     * @param factory builds the protocol that takes the connection over
     * @return a Deferred of that protocol, connected
     */
    public Deferred<Protocol> callRemoteSwitch(Command command, AmpValues arguments, Factory factory) {
        return dispatcher().callRemoteSwitch(command, arguments, factory);
    }

    /**
     * Calls a command by name with raw values; see {@link BoxDispatcher#callRemoteString}.
     *
     * @param commandName the command name
     * @param requiresAnswer whether to ask for an answer
     * @param arguments the raw arguments
     * @return a Deferred of the raw answer box
     */
    public Deferred<AmpBox> callRemoteString(String commandName, boolean requiresAnswer, AmpBox arguments) {
        return dispatcher().callRemoteString(commandName, requiresAnswer, arguments);
    }

    /**
     * How many calls wait for an answer.
     *
     * @return the number of outstanding calls
     */
    public int outstandingCalls() {
        return dispatcher().outstandingCalls();
    }

    /**
     * Why the connection ended.
     *
     * @return the loss reason, or null while connected
     */
    public @Nullable Throwable lostReason() {
        return dispatcher().lostReason();
    }
}
