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

    /** A call waiting for its answer. */
    private record Question(@Nullable Command command, Deferred<AmpBox> answer) {}

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
        Deferred<AmpBox> answer = send(command, command.name(), box, command.requiresAnswer());
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
        return send(null, commandName, box, requiresAnswer);
    }

    private Deferred<AmpBox> send(@Nullable Command command, String name, AmpBox box, boolean requiresAnswer) {
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
        } catch (TooLongException e) {
            // Only this call fails; nothing was written. Other exceptions (a WrongThreadException
            // from the transport) are bugs in the caller and propagate.
            return Deferred.fail(e);
        }
        if (tag == null) {
            return Deferred.succeed(new AmpBox());
        }
        Deferred<AmpBox> answer = new Deferred<>();
        outstanding.put(tag, new Question(command, answer));
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
            if (!q.answer().called()) { // the caller may have cancelled it
                q.answer().callback(box);
            }
        } else if (box.containsKey(ERROR)) {
            Question q = takeQuestion(box.getString(ERROR));
            String code = Objects.requireNonNullElse(box.getString(ERROR_CODE), "");
            String description = Objects.requireNonNullElse(box.getString(ERROR_DESCRIPTION), "");
            if (!q.answer().called()) {
                q.answer().errback(remoteError(q.command(), code, description));
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
        Deferred<AmpBox> response;
        Command command;
        if (registered == null) {
            command = null;
            byte[] raw = Objects.requireNonNull(box.get(COMMAND));
            response = Deferred.fail(new UnhandledCommandException("Unhandled Command: " + Repr.bytes(raw, raw.length)));
        } else {
            command = registered.command();
            response = Deferred.<AmpValues>maybeDeferredChained(
                            () -> registered.responder().respond(Schema.fromBox(registered.command().arguments(), box)))
                    .addCallback(values -> Schema.toBox(registered.command().response(), values));
        }
        response.addBoth(outcome -> {
            answered(command, tag, outcome);
            return null;
        });
    }

    private void answered(@Nullable Command command, @Nullable String tag, Outcome<AmpBox> outcome) {
        BoxSender out = sender;
        if (lostReason != null || out == null) {
            return; // a late answer after the connection is gone is dropped, as in Twisted
        }
        if (tag == null) {
            if (outcome instanceof Outcome.Failed<AmpBox> failed) {
                out.unhandledError(failed.failure().value());
            }
            return;
        }
        switch (outcome) {
            case Outcome.Success<AmpBox> success -> {
                AmpBox box = success.value();
                box.put(ANSWER, tag);
                try {
                    out.sendBox(box);
                } catch (RuntimeException e) {
                    answerError(out, command, tag, e);
                }
            }
            case Outcome.Failed<AmpBox> failed -> answerError(out, command, tag, failed.failure().value());
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
            out.sendBox(box);
        } catch (TooLongException e) {
            // A description over 65,535 bytes: send it shortened rather than not at all.
            box.put(ERROR_DESCRIPTION, description.substring(0, Math.min(description.length(), 4096)));
            out.sendBox(box);
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
