package bench.echo;

/** What every echo server main shares: the backlog and how it tells the driver its port. */
final class ServerMain {

    /** The accept backlog of every server, large enough for the connection-rate workload. */
    static final int BACKLOG = 1024;

    private ServerMain() {}

    /**
     * Tells the driver, on standard output, that the server listens: the driver waits for this
     * line before it checks and times the server.
     */
    static void announce(int port) {
        System.out.println("LISTENING " + port);
        System.out.flush();
    }
}
