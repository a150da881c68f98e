package net.protocols.internal.ftp;

/** No data connection was made in time, or the channel was given up first. */
public final class DataConnectTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what did not happen
     */
    public DataConnectTimeoutException(String message) {
        super(message);
    }
}
