package net.protocols.basic;

/**
 * A producer's consumer asked it to stop ({@link net.reactor.Producer#stopProducing()}) before
 * it had produced everything, typically because the connection went away.
 * {@link FileSender#beginFileTransfer} fails with it (Twisted's "Consumer asked us to stop
 * producing").
 */
public class ProducerStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was stopped
     */
    public ProducerStoppedException(String message) {
        super(message);
    }
}
