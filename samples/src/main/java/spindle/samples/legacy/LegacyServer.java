package spindle.samples.legacy;

import java.util.Hashtable;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.blocking.BlockingServer;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The legacy-blocking sample ({@code samples/run legacy}): a key-value service written with
 * plain java.io and a blocking loop, served unchanged by the reactor. Each connection gets its
 * own virtual thread with a blocking {@code InputStream}/{@code OutputStream}
 * ({@link BlockingServer}); the reactor thread does the socket I/O underneath and never blocks,
 * and the streams apply back-pressure both ways, so a slow client cannot fill memory.
 *
 * {@snippet :
 * Hashtable<String, String> table = new Hashtable<>();
 * reactor.listenTCP(8125, BlockingServer.factory(reactor,
 *         connection -> new KeyValueService(table).serve(connection.inputStream(), connection.outputStream())));
 * }
 *
 * <p>The service's {@code Hashtable} is synchronized: since JDK 24 a virtual thread blocked on a
 * monitor no longer pins its carrier thread, so old synchronized code is fine here.
 */
public final class LegacyServer {
    private static final String USAGE = """
            usage: samples/run legacy [--port P] [--interface HOST]
              --port P          port to listen on (default 8125; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)
            Talk to it with nc 127.0.0.1 8125: SET key value, GET key, DEL key, COUNT, QUIT.""";

    private LegacyServer() {}

    /**
     * Runs the legacy service until SIGINT or SIGTERM.
     *
     * @param args the command-line options (see {@code --help})
     * @return the exit status: 0 after a clean stop
     * @throws UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        int port = options.port("--port", 8125);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        options.finish();

        Reactor reactor = Programs.reactor("legacy");
        Hashtable<String, String> table = new Hashtable<>();
        ListeningPort listening = reactor.listenTCP(port,
                BlockingServer.factory(reactor,
                        connection -> new KeyValueService(table).serve(connection.inputStream(), connection.outputStream())),
                ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
