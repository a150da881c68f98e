package net.protocols.basic;

import java.util.Objects;
import net.reactor.Protocol;

/**
 * Dispatches received strings to the current {@link StringState} and moves to the state it
 * returns: Twisted's {@code StatefulStringProtocol} in a form that needs no reflection. It works
 * with any receiver: call {@link #stringReceived} from {@code stringReceived} or
 * {@code lineReceived}.
 *
 * <p>When a state returns {@link StringState#DONE}, the machine closes the owner's transport with
 * {@code loseConnection()} and ignores any later string.
 *
 * <p><b>Threading:</b> reactor thread only.
 *
 * {@snippet :
 * final class Login extends LineReceiver {
 *     private final StringStateMachine states = new StringStateMachine(this, this::user);
 *     private String user = "";
 *
 *     @Override
 *     protected void lineReceived(byte[] line) {
 *         states.stringReceived(line);
 *     }
 *
 *     private StringState user(byte[] name) {
 *         user = new String(name, StandardCharsets.UTF_8);
 *         sendLine("password?".getBytes(StandardCharsets.US_ASCII));
 *         return this::password;
 *     }
 *
 *     private StringState password(byte[] password) {
 *         sendLine(check(user, password) ? OK : DENIED);
 *         return StringState.DONE;
 *     }
 * }
 * }
 */
public final class StringStateMachine {
    private final Protocol owner;
    private StringState state;

    /**
     * Creates a machine in its initial state (Twisted's {@code "init"}).
     *
     * @param owner the protocol whose transport is closed when the machine is done
     * @param initial the state that handles the first string
     */
    public StringStateMachine(Protocol owner, StringState initial) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.state = Objects.requireNonNull(initial, "initial");
    }

    /**
     * Hands {@code string} to the current state and moves to the state it returns. After
     * {@link StringState#DONE} the string is ignored. An exception from the state propagates and
     * leaves the state unchanged.
     *
     * @param string the string received
     * @throws NullPointerException if the state returns null
     */
    public void stringReceived(byte[] string) {
        if (state == StringState.DONE) {
            return;
        }
        StringState next = Objects.requireNonNull(state.stringReceived(string),
                () -> "state " + state + " returned null; return StringState.DONE to finish");
        state = next;
        if (next == StringState.DONE) {
            owner.transport().loseConnection();
        }
    }

    /**
     * The current state.
     *
     * @return the state that handles the next string, or {@link StringState#DONE}
     */
    public StringState state() {
        return state;
    }

    /**
     * Moves to another state, for example after a timeout.
     *
     * @param state the state that handles the next string; {@link StringState#DONE} closes the
     *     connection
     */
    public void setState(StringState state) {
        this.state = Objects.requireNonNull(state, "state");
        if (state == StringState.DONE) {
            owner.transport().loseConnection();
        }
    }

    /**
     * Whether a state returned {@link StringState#DONE}.
     *
     * @return true once done
     */
    public boolean isDone() {
        return state == StringState.DONE;
    }
}
