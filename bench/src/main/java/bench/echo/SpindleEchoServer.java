package bench.echo;

/**
 * Spindle's echo server: a reactor listening with {@code Factory.forProtocol} of a protocol whose
 * {@code dataReceived} writes the bytes back.
 *
 * <p>Not yet: this branch has net.reactor's API contract but no reactor implementation to run
 * it (h/reactor has not landed). Until it does, the server says so and the driver reports every
 * Spindle row as "not yet".
 */
public final class SpindleEchoServer {

    private SpindleEchoServer() {}

    /**
     * Would listen on 127.0.0.1 and echo; for now announces that the reactor is missing.
     *
     * @param args the port, or none for any free port
     */
    public static void main(String[] args) {
        System.out.println("NOT_YET net.reactor has no reactor implementation on this branch yet (h/reactor not merged)");
    }
}
