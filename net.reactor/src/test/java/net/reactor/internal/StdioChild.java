package net.reactor.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorOptions;
import net.reactor.process.StandardIO;

/**
 * The child JVM of {@link StandardIOTest}: a console protocol on its own stdin and stdout.
 * "lines": answers each line in upper case ("quit" closes); "echo": echoes every byte. Reports
 * connectionLost on stderr and exits when the reactor stops.
 */
final class StdioChild {
    private StdioChild() {}

    public static void main(String[] args) {
        Reactor reactor = Reactor.create(ReactorOptions.defaults().withName("stdio-child"));
        boolean lines = args[0].equals("lines");
        StandardIO.connect(reactor, new Protocol() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void dataReceived(byte[] data) {
                if (!lines) {
                    transport().write(data);
                    return;
                }
                for (byte b : data) {
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String l = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (l.equals("quit")) {
                        transport().write("bye\n".getBytes(StandardCharsets.UTF_8));
                        transport().loseConnection();
                        return;
                    }
                    transport().write((l.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }

            @Override
            public void connectionLost(Throwable reason) {
                super.connectionLost(reason);
                System.err.println("lost " + reason.getClass().getSimpleName());
                reactor.stop();
            }
        });
        reactor.run();
    }
}
