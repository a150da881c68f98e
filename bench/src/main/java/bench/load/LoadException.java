package bench.load;

/** A connection failed during a run: the run stops and the driver records no figures for it. */
final class LoadException extends RuntimeException {
    LoadException(String message, Throwable cause) {
        super(message, cause);
    }

    LoadException(String message) {
        super(message);
    }
}
