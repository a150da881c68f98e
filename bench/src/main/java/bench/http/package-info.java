/**
 * The HTTP servers {@code bench/run --http} compares ({@link bench.driver.HttpBench}): Spindle's
 * {@code Site}, Netty's HTTP codec on one event loop and the JDK's {@code com.sun.net.httpserver}
 * on virtual threads, each answering {@code GET /plaintext} with {@code hello}; Spindle's also
 * serves the XML-RPC adder at {@code /RPC2}. Each prints {@code LISTENING <port>} when ready.
 */
package bench.http;
