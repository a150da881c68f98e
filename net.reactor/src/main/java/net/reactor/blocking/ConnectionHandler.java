package net.reactor.blocking;

/**
 * Serves one connection with blocking code, on its own virtual thread:
 * {@snippet :
 * ConnectionHandler echo = connection -> connection.inputStream().transferTo(connection.outputStream());
 * }
 * When it returns, the connection is closed (after every written byte is sent). What it throws
 * is logged and the connection is closed too.
 *
 * <p><b>Threading:</b> called on a virtual thread bound to the reactor, so it may use
 * {@link net.threadpool.Blocking#await} and {@link net.threadpool.TaskScope}; never on the
 * reactor thread.
 */
@FunctionalInterface
public interface ConnectionHandler {
    /**
     * Serves {@code connection}.
     *
     * @param connection the accepted connection
     * @throws Exception any failure; it is logged and the connection is closed
     */
    void handle(BlockingConnection connection) throws Exception;
}
