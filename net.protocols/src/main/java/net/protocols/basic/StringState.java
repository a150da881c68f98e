package net.protocols.basic;

/**
 * One state of a {@link StringStateMachine}: it handles one received string and names the state
 * that handles the next. Method references make states read like Twisted's {@code proto_*}
 * methods, without reflection.
 *
 * <p><b>Threading:</b> called on the reactor thread.
 */
@FunctionalInterface
public interface StringState {

    /**
     * The final state: returning it closes the connection (Twisted's {@code "done"}). It never
     * receives a string.
     */
    StringState DONE = string -> {
        throw new IllegalStateException("the DONE state receives no strings");
    };

    /**
     * Handles one string.
     *
     * @param string the string received
     * @return the state for the next string: {@code this} to stay, another state to move on, or
     *     {@link #DONE} to close the connection
     */
    StringState stringReceived(byte[] string);
}
