package bench.driver;

/** A Spindle piece a benchmark needs has not landed on this branch yet; the message says which. */
final class NotYetException extends RuntimeException {
    NotYetException(String reason) {
        super(reason);
    }
}
