package bench.soak;

/**
 * What the soak's server and load generator agree on: the line protocol's expected answers, so
 * that the load generator can check every byte it receives.
 */
final class SoakProtocol {

    /** Rows in the server's table ({@code id} 0 to {@code ROWS - 1}). */
    static final int ROWS = 1000;

    private SoakProtocol() {}

    /**
     * The value stored in row {@code id}.
     *
     * @param id the row
     * @return a value both sides compute the same way
     */
    static long rowValue(int id) {
        return (id * 2_654_435_761L) % 1_000_003L;
    }

    /**
     * The answer to {@code TASK n}, computed on a virtual thread by the server.
     *
     * @param n the request's number
     * @return a mix of {@code n}'s bits (SplitMix64's finaliser)
     */
    static long taskAnswer(long n) {
        long z = n + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
