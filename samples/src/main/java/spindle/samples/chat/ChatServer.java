package spindle.samples.chat;

import java.util.HashMap;
import java.util.Map;
import net.reactor.Address;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The chat server from Twisted's servers how-to ({@code samples/run chat}). It greets with
 * "What's your name?", refuses a taken name with "Name taken, please choose another.", welcomes
 * with "Welcome, NAME!", then sends each line to everyone else as {@code <NAME> line}. Lines end
 * in CRLF: use telnet, or {@code nc -C}.
 *
 * <p>The user table lives on the factory and is shared by its protocols. It needs no lock: every
 * protocol event runs on the reactor thread.
 */
public final class ChatServer {
    private static final String USAGE = """
            usage: samples/run chat [--port P] [--interface HOST]
              --port P          port to listen on (default 8123; 0 picks a free one)
              --interface HOST  address to listen on (default 127.0.0.1)
            Lines end in CRLF: talk to it with telnet or nc -C.""";

    private ChatServer() {}

    /** Builds a {@link Chat} per connection, all sharing one user table. */
    private static final class ChatFactory extends Factory {
        private final Map<String, Chat> users = new HashMap<>();

        @Override
        public Protocol buildProtocol(Address address) {
            return new Chat(users);
        }
    }

    /**
     * Runs the chat server until SIGINT or SIGTERM.
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
        int port = options.port("--port", 8123);
        String host = options.value("--interface", Programs.DEFAULT_INTERFACE);
        options.finish();

        Reactor reactor = Programs.reactor("chat");
        ListeningPort listening = reactor.listenTCP(port, new ChatFactory(), ReactorTCP.DEFAULT_BACKLOG, host);
        reactor.callWhenRunning(() -> Programs.announce(listening));
        reactor.run();
        return 0;
    }
}
