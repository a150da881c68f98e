package net.protocols.amp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import net.deferred.Outcome;
import net.protocols.internal.Repr;
import net.protocols.tls.TLSOptions;
import net.reactor.Factory;
import net.reactor.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * AMP's command layer over boxes (Twisted's {@code BoxDispatcher}): sends calls with ask tags,
 * matches answers and errors to them, and answers the peer's calls through {@link Responders}.
 * {@link AMP} is this dispatcher on a {@link BinaryBoxProtocol}; use the dispatcher directly to
 * run AMP over another box transport.
 *
 * <p><b>Reserved keys.</b> {@code _command} names the command, {@code _ask} tags a call that
 * wants an answer (a per-connection counter in lowercase hex, from {@code 1}), {@code _answer}
 * carries the tag of a success, {@code _error} the tag of a failure together with
 * {@code _error_code} and {@code _error_description}.
 *
 * <p><b>Answering.</b> A declared error is answered with its code and the exception's message;
 * a fatal error likewise, and then the connection closes; any other failure, including
 * arguments that do not decode or a response that cannot be sent, is logged, answered as
 * {@code UNKNOWN} / {@code Unknown Error}, and the connection closes, as in Twisted. A command
 * without a responder is answered as {@code UNHANDLED} and the connection stays up. When a
 * command that asks no answer fails, the connection closes with the failure as reason.
 *
 * <p><b>Changing the connection.</b> {@link #callRemoteStartTLS} and
 * {@link Responders#respondStartTLS} start TLS in place ({@link StartTLS});
 * {@link #callRemoteSwitch} and {@link Responders#respondSwitch} hand the connection to another
 * protocol (Twisted's {@code ProtocolSwitchCommand}). Both need the boxes to travel on a
 * {@link BinaryBoxProtocol} (as in {@link AMP}), since they act on its byte stream.
 *
 * <p><b>Threading:</b> reactor thread only.
 */
public class BoxDispatcher implements BoxReceiver {
    /** The code of an error the command does not declare. */
    public static final String UNKNOWN = "UNKNOWN";
    /** The code answering a command without a responder. */
    public static final String UNHANDLED = "UNHANDLED";

    static final String COMMAND = "_command";
    static final String ASK = "_ask";
    static final String ANSWER = "_answer";
    static final String ERROR = "_error";
    static final String ERROR_CODE = "_error_code";
    static final String ERROR_DESCRIPTION = "_error_description";

    private static final System.Logger LOG = System.getLogger(BoxDispatcher.class.getName());

    /**
     * What a call that changes the connection does when it is answered: it runs before the
     * caller's Deferred fires, even if the caller cancelled that Deferred, since the peer has
     * changed its end of the connection either way.
     */
    private interface Hook {
        /** The call succeeded; an exception thrown here fails the caller's Deferred instead. */
        void answered(AmpBox box);

        /** The peer answered with an error. */
        void refused(Throwable error);
    }

    /** A call waiting for its answer. */
    private record Question(@Nullable Command command, Deferred<AmpBox> answer, @Nullable Hook hook) {}

    /** A computed answer to the peer's call, and what the connection does once it is sent. */
    private record Answer(AmpBox box, Responders.Reply reply) {}

    private Responders responders;
    private final Map<String, Question> outstanding = new HashMap<>();
    private @Nullable BoxSender sender;
    private @Nullable Throwable lostReason;
    private long lastTag;

    /**
     * Creates a dispatcher.
     *
     * @param responders the handlers for the peer's calls
     */
    public BoxDispatcher(Responders responders) {
        this.responders = Objects.requireNonNull(responders, "responders");
    }

    /**
     * Replaces the responders; {@link AMP} sets a connection's own ones this way once it exists.
     *
     * @param responders the handlers for the peer's calls from now on
     */
    void responders(Responders responders) {
        this.responders = Objects.requireNonNull(responders, "responders");
    }

    /**
     * Calls a command on the peer.
     *
     * @param command the command
     * @param arguments its arguments
     * @return a Deferred of the typed response. It fails with the command's declared exception
     *     for a declared error, {@link UnhandledCommandException} if the peer has no responder,
     *     {@link UnknownRemoteException} for any other error, {@link TooLongException} (naming
     *     the key; nothing is sent) for a value over 65,535 bytes,
     *     {@link InvalidSignatureException} for arguments that do not match the command, and the
     *     connection's loss reason if it is lost before the answer. For a command that asks no
     *     answer it fires with {@link AmpValues#empty()} once the box is written.
     */
    public Deferred<AmpValues> callRemote(Command command, AmpValues arguments) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(arguments, "arguments");
        AmpBox box;
        try {
            box = Schema.toBox(command.arguments(), arguments);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        Deferred<AmpBox> answer = send(command, command.name(), box, command.requiresAnswer(), null);
        if (!command.requiresAnswer()) {
            return answer.addCallback(ignored -> AmpValues.empty());
        }
        return answer.addCallback(response -> Schema.fromBox(command.response(), response));
    }

    /**
     * Calls a command by name with raw values (Twisted's {@code callRemoteString}).
     *
     * @param commandName the command name
     * @param requiresAnswer whether to ask for an answer
     * @param arguments the raw arguments; the box is copied, not changed
     * @return a Deferred of the raw answer box (an empty box at once when no answer is asked
     *     for); errors arrive as {@link RemoteAmpException}s
     */
    public Deferred<AmpBox> callRemoteString(String commandName, boolean requiresAnswer, AmpBox arguments) {
        AmpBox box = new AmpBox();
        for (String key : arguments.keys()) {
            box.put(key, Objects.requireNonNull(arguments.get(key)));
        }
        return send(null, commandName, box, requiresAnswer, null);
    }

    /**
     * Calls a command that starts TLS (see {@link StartTLS} for the order of events): the call
     * goes out in clear text; boxes sent after it are held back until the answer; when it
     * arrives this side starts TLS with {@code options}, sends the held boxes encrypted, and
     * then the Deferred fires.
     *
     * @param command {@link StartTLS#COMMAND} or a command declared like it (asking an answer,
     *     without response values)
     * @param arguments its arguments
     * @param options this side's TLS settings; their type sets its TLS role
     * @return a Deferred of the (empty) response, fired once TLS has started (the handshake goes
     *     on; a failed one ends the connection with a {@link net.protocols.tls.TLSException}).
     *     It fails with {@link StartTLSException} at once if TLS is started or starting already,
     *     with the peer's error if it refused (TLS is then not started), or as
     *     {@link #callRemote} does
     */
    public Deferred<AmpValues> callRemoteStartTLS(Command command, AmpValues arguments, TLSOptions options) {
        Objects.requireNonNull(options, "options");
        BinaryBoxProtocol layer;
        AmpBox box;
        Throwable lost = lostReason;
        if (lost != null) {
            return Deferred.fail(lost);
        }
        try {
            layer = boxLayer(command, "start TLS");
            if (layer.tlsStartedOrStarting()) {
                throw new StartTLSException("TLS is already started on this connection");
            }
            box = Schema.toBox(command.arguments(), arguments);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        Hook hook = new Hook() {
            @Override
            public void answered(AmpBox answer) {
                try {
                    layer.startTLSNow(options);
                } catch (RuntimeException e) {
                    // The peer has started TLS and this side cannot: the connection is useless.
                    layer.unhandledError(e);
                    throw e;
                }
            }

            @Override
            public void refused(Throwable error) {
                layer.releaseHeldBoxes(error);
            }
        };
        Deferred<AmpBox> answer = send(command, command.name(), box, true, hook);
        if (!answer.called()) { // the call went out: hold what follows until the answer
            layer.holdBoxes();
        }
        return answer.addCallback(response -> Schema.fromBox(command.response(), response));
    }

    /**
     * Calls a protocol switch (Twisted's {@code callRemote(ProtocolSwitchCommand, factory, ...)}):
     * from the call on, this side sends no box (calls fail with
     * {@link ProtocolSwitchedException}, answers to the peer are dropped); when the answer
     * arrives, {@code factory} builds the protocol that takes the connection over, which gets
     * {@code connectionMade} with the connection's transport and every byte after the answer.
     * Calls still waiting for an answer then fail with {@link ProtocolSwitchedException}. If the
     * peer answers with an error, this side speaks AMP again.
     *
     * <p>Unlike Twisted, a {@link net.reactor.ClientFactory} hears nothing of the switch
     * ({@code clientConnectionFailed}, {@code clientConnectionLost}): the returned Deferred and
     * the new protocol's {@code connectionLost} carry the same news.
     *
     * @param command a command asking an answer, without response values
     * @param arguments its arguments
     * @param factory builds the new protocol, given the peer's address; a factory that returns
     *     null closes the connection (the peer has switched already)
     * @return a Deferred of the new protocol, connected; it fails with the peer's error (AMP goes
     *     on), or as {@link #callRemote} does
     */
    public Deferred<Protocol> callRemoteSwitch(Command command, AmpValues arguments, Factory factory) {
        Objects.requireNonNull(factory, "factory");
        BinaryBoxProtocol layer;
        AmpBox box;
        Throwable lost = lostReason;
        if (lost != null) {
            return Deferred.fail(lost);
        }
        try {
            layer = boxLayer(command, "switch protocols");
            box = Schema.toBox(command.arguments(), arguments);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        final class SwitchHook implements Hook {
            @Nullable Protocol protocol;

            @Override
            public void answered(AmpBox answer) {
                Protocol p = factory.buildProtocol(layer.transport().getPeer());
                if (p == null) {
                    AmpException e = new AmpException("the factory built no protocol to switch to; the peer has switched, so the connection is closed");
                    layer.unhandledError(e);
                    throw e;
                }
                protocol = p;
                switched(layer, p);
            }

            @Override
            public void refused(Throwable error) {
                layer.unlockFromSwitch();
            }
        }
        SwitchHook hook = new SwitchHook();
        Deferred<AmpBox> answer = send(command, command.name(), box, true, hook);
        if (!answer.called()) {
            layer.lockForSwitch();
        }
        return answer.addCallback(ignored -> Objects.requireNonNull(hook.protocol));
    }

    private BinaryBoxProtocol boxLayer(Command command, String what) {
        Objects.requireNonNull(command, "command");
        if (!command.requiresAnswer() || !command.response().isEmpty()) {
            throw new IllegalArgumentException("'" + command.name() + "' cannot " + what
                    + ": such a command asks an answer and declares no response values");
        }
        BoxSender out = sender;
        if (out == null) {
            throw new IllegalStateException("AMP is not connected yet: call once connectionMade has run");
        }
        if (!(out instanceof BinaryBoxProtocol layer)) {
            throw new UnsupportedOperationException("to " + what + ", AMP must run on a BinaryBoxProtocol");
        }
        return layer;
    }

    /** Hands the connection to {@code protocol}: calls still waiting can never be answered. */
    private void switched(BinaryBoxProtocol layer, Protocol protocol) {
        layer.switchTo(protocol);
        if (!outstanding.isEmpty()) {
            List<Question> questions = new ArrayList<>(outstanding.values());
            outstanding.clear();
            ProtocolSwitchedException reason = new ProtocolSwitchedException(
                    "the connection switched to " + protocol + " before this call was answered");
            for (Question q : questions) {
                if (!q.answer().called()) {
                    q.answer().errback(reason);
                }
            }
        }
    }

    private Deferred<AmpBox> send(@Nullable Command command, String name, AmpBox box, boolean requiresAnswer,
            @Nullable Hook hook) {
        Throwable lost = lostReason;
        if (lost != null) {
            return Deferred.fail(lost);
        }
        BoxSender out = sender;
        if (out == null) {
            return Deferred.fail(new IllegalStateException("AMP is not connected yet: call once connectionMade has run"));
        }
        box.put(COMMAND, name);
        String tag = null;
        if (requiresAnswer) {
            tag = Long.toHexString(++lastTag);
            box.put(ASK, tag);
        }
        try {
            out.sendBox(box);
        } catch (TooLongException | ProtocolSwitchedException e) {
            // Only this call fails; nothing was written. Other exceptions (a WrongThreadException
            // from the transport) are bugs in the caller and propagate.
            return Deferred.fail(e);
        }
        if (tag == null) {
            return Deferred.succeed(new AmpBox());
        }
        Deferred<AmpBox> answer = new Deferred<>();
        outstanding.put(tag, new Question(command, answer, hook));
        return answer;
    }

    /**
     * How many calls wait for an answer.
     *
     * @return the number of outstanding calls
     */
    public int outstandingCalls() {
        return outstanding.size();
    }

    /** {@inheritDoc} */
    @Override
    public void startReceivingBoxes(BoxSender sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Dispatches a box: an answer, an error, or a call.
     *
     * @param box the box
     * @throws MalformedBoxException for a box that is none of these, or answers a question that
     *     was not asked; the box layer then closes the connection
     */
    @Override
    public void ampBoxReceived(AmpBox box) {
        if (box.containsKey(ANSWER)) {
            Question q = takeQuestion(box.getString(ANSWER));
            RuntimeException hookFailure = null;
            if (q.hook() != null) {
                try {
                    q.hook().answered(box);
                } catch (RuntimeException e) {
                    hookFailure = e;
                }
            }
            if (!q.answer().called()) { // the caller may have cancelled it
                if (hookFailure != null) {
                    q.answer().errback(hookFailure);
                } else {
                    q.answer().callback(box);
                }
            }
        } else if (box.containsKey(ERROR)) {
            Question q = takeQuestion(box.getString(ERROR));
            String code = Objects.requireNonNullElse(box.getString(ERROR_CODE), "");
            String description = Objects.requireNonNullElse(box.getString(ERROR_DESCRIPTION), "");
            Throwable error = remoteError(q.command(), code, description);
            if (q.hook() != null) {
                q.hook().refused(error);
            }
            if (!q.answer().called()) {
                q.answer().errback(error);
            }
        } else if (box.containsKey(COMMAND)) {
            commandReceived(box);
        } else {
            throw new MalformedBoxException("an AMP box with neither _command, _answer nor _error: " + box);
        }
    }

    private Question takeQuestion(@Nullable String tag) {
        Question q = outstanding.remove(tag);
        if (q == null) {
            throw new MalformedBoxException("the peer answered a question never asked (tag "
                    + Repr.bytes(Objects.requireNonNull(tag).getBytes(StandardCharsets.UTF_8), Math.min(tag.length(), 32)) + ")");
        }
        return q;
    }

    private static Throwable remoteError(@Nullable Command command, String code, String description) {
        if (code.equals(UNHANDLED)) {
            return new UnhandledCommandException(description);
        }
        CommandError<?> declared = command == null ? null : command.errorForCode(code);
        if (declared != null) {
            return declared.factory().apply(description);
        }
        if (command == null && !code.equals(UNKNOWN)) {
            return new RemoteAmpException(code, description);
        }
        return new UnknownRemoteException(code, description);
    }

    private void commandReceived(AmpBox box) {
        String name = Objects.requireNonNull(box.getString(COMMAND));
        String tag = box.getString(ASK);
        Responders.Registered registered = responders.locate(name);
        Deferred<Answer> response;
        Command command;
        if (registered == null) {
            command = null;
            byte[] raw = Objects.requireNonNull(box.get(COMMAND));
            response = Deferred.fail(new UnhandledCommandException("Unhandled Command: " + Repr.bytes(raw, raw.length)));
        } else if (registered.startsTLS()
                && !(sender instanceof BinaryBoxProtocol layer && !layer.tlsStartedOrStarting())) {
            command = registered.command();
            response = Deferred.fail(new StartTLSException(sender instanceof BinaryBoxProtocol
                    ? "TLS is already started on this connection" : "this AMP connection cannot start TLS"));
        } else {
            command = registered.command();
            response = Deferred.<Responders.Reply>maybeDeferredChained(
                            () -> registered.handler().answer(Schema.fromBox(registered.command().arguments(), box)))
                    .addCallback(reply -> new Answer(Schema.toBox(registered.command().response(), reply.values()), reply));
        }
        response.addBoth(outcome -> {
            answered(command, tag, outcome);
            return null;
        });
    }

    private void answered(@Nullable Command command, @Nullable String tag, Outcome<Answer> outcome) {
        BoxSender out = sender;
        if (lostReason != null || out == null) {
            return; // a late answer after the connection is gone is dropped, as in Twisted
        }
        if (tag == null) {
            if (outcome instanceof Outcome.Failed<Answer> failed) {
                out.unhandledError(failed.failure().value());
            }
            return;
        }
        switch (outcome) {
            case Outcome.Success<Answer> success -> {
                AmpBox box = success.value().box();
                box.put(ANSWER, tag);
                try {
                    out.sendBox(box);
                } catch (ProtocolSwitchedException e) {
                    return; // the connection is someone else's now: dropped, as Twisted's _safeEmit does
                } catch (RuntimeException e) {
                    answerError(out, command, tag, e);
                    return;
                }
                afterAnswer(out, success.value().reply());
            }
            case Outcome.Failed<Answer> failed -> answerError(out, command, tag, failed.failure().value());
        }
    }

    /** The answer is sent: start TLS or switch protocols, if the answer says so. */
    private void afterAnswer(BoxSender out, Responders.Reply reply) {
        if (reply.tls() == null && reply.switchTo() == null) {
            return;
        }
        BinaryBoxProtocol layer = (BinaryBoxProtocol) out; // checked before the responder ran
        try {
            if (reply.tls() != null) {
                layer.startTLSNow(reply.tls());
            }
            if (reply.switchTo() != null) {
                switched(layer, reply.switchTo());
            }
        } catch (RuntimeException e) {
            // The peer has changed its end already; this end cannot follow.
            out.unhandledError(e);
        }
    }

    private void answerError(BoxSender out, @Nullable Command command, String tag, Throwable error) {
        String code;
        String description;
        boolean close;
        CommandError<?> declared = command == null ? null : command.errorFor(error);
        if (error instanceof UnhandledCommandException unhandled) {
            code = UNHANDLED;
            description = unhandled.description();
            close = false;
        } else if (error instanceof StartTLSException && declared == null) {
            code = StartTLS.TLS_ERROR;
            description = Objects.requireNonNullElse(error.getMessage(), "");
            close = false;
        } else if (declared != null) {
            code = declared.code();
            description = Objects.requireNonNullElse(error.getMessage(), "");
            close = command.isFatal(declared);
        } else {
            LOG.log(System.Logger.Level.ERROR, "AMP responder for " + (command == null ? "?" : command.name())
                    + " failed with an undeclared error; answering UNKNOWN and closing the connection", error);
            code = UNKNOWN;
            description = "Unknown Error";
            close = true;
        }
        AmpBox box = new AmpBox().put(ERROR, tag).put(ERROR_CODE, code).put(ERROR_DESCRIPTION, description);
        try {
            try {
                out.sendBox(box);
            } catch (TooLongException e) {
                // A description over 65,535 bytes: send it shortened rather than not at all.
                box.put(ERROR_DESCRIPTION, description.substring(0, Math.min(description.length(), 4096)));
                out.sendBox(box);
            }
        } catch (ProtocolSwitchedException e) {
            return; // dropped, as Twisted's _safeEmit does
        }
        if (close) {
            out.loseConnection();
        }
    }

    /**
     * Fails every outstanding call with the reason; later calls fail with it at once.
     *
     * @param reason why the connection ended
     */
    @Override
    public void stopReceivingBoxes(Throwable reason) {
        lostReason = Objects.requireNonNull(reason, "reason");
        List<Question> questions = new ArrayList<>(outstanding.values());
        outstanding.clear();
        for (Question q : questions) {
            if (!q.answer().called()) {
                q.answer().errback(reason);
            }
        }
    }

    /**
     * Why the connection ended.
     *
     * @return the loss reason, or null while connected
     */
    public @Nullable Throwable lostReason() {
        return lostReason;
    }
}
