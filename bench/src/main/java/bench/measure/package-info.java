/**
 * Measurements run by hand, each a {@code main} on the bench class path, outside the
 * {@code bench/run} suite: the LineReceiver parse rate and the CPU cost of the TLS layer in
 * memory. They report figures and check only that the work was done; bench/README.md gives the
 * commands.
 */
package bench.measure;
