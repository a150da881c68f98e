package spindle.samples.udp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import net.reactor.Address;
import net.reactor.DatagramProtocol;
import net.reactor.DelayedCall;
import net.reactor.Reactor;
import net.reactor.ReactorUDP;
import org.jspecify.annotations.Nullable;
import spindle.samples.support.Options;
import spindle.samples.support.Programs;
import spindle.samples.support.UsageException;

/**
 * The UDP echo client ({@code samples/run udp-echo-client}): connects a UDP port to the server
 * (resolving its name off the reactor thread), sends one datagram, prints
 * {@code Server said: ...} when the same bytes come back, and exits 0. UDP may lose the datagram
 * or its echo: the client sends it again after each {@code --timeout} without an answer, up to
 * {@code --tries} times, then says so and exits 1. A refusal (ICMP port unreachable: nothing
 * listens there) is reported but retried too, since a server may be starting.
 */
public final class UdpEchoClient {
    private static final String USAGE = """
            usage: samples/run udp-echo-client [--host HOST] [--port P] [--message TEXT] [--timeout SECONDS] [--tries N]
              --host HOST        the server's host (default 127.0.0.1)
              --port P           its UDP port (default 9999)
              --message TEXT     what to send (default "hello, world!"); at most 65,507 bytes as UTF-8
              --timeout SECONDS  how long to wait for the echo before sending again (default 1)
              --tries N          how many times to send before giving up (default 5)""";

    private UdpEchoClient() {}

    /** Sends, waits, resends; stops the reactor with the outcome. */
    private static final class Client extends DatagramProtocol {
        private final Reactor reactor;
        private final String host;
        private final int port;
        private final byte[] message;
        private final Duration timeout;
        private final int tries;
        private int sent;
        private int status = 1;
        private boolean done;
        private @Nullable DelayedCall retry;

        Client(Reactor reactor, String host, int port, byte[] message, Duration timeout, int tries) {
            this.reactor = reactor;
            this.host = host;
            this.port = port;
            this.message = message;
            this.timeout = timeout;
            this.tries = tries;
        }

        @Override
        public void startProtocol() {
            transport().connect(host, port).addCallbacks(peer -> {
                send();
                return null;
            }, failure -> {
                finish(1, "cannot reach " + host + ":" + port + ": " + failure.getErrorMessage());
                return null;
            });
        }

        private void send() {
            if (done) {
                return;
            }
            if (sent == tries) {
                finish(1, "no answer from " + host + ":" + port + " after " + tries + " tries, "
                        + timeout.toMillis() + " ms apart - giving up");
                return;
            }
            sent++;
            transport().write(message);
            retry = reactor.callLater(timeout, () -> {
                retry = null;
                if (!done && sent < tries) {
                    System.err.println("no answer yet; sending again (" + (sent + 1) + " of " + tries + ")");
                }
                send();
            });
        }

        @Override
        public void datagramReceived(byte[] data, Address from) {
            if (done || !Arrays.equals(data, message)) {
                return; // a late echo of an earlier try, or not ours
            }
            System.out.println("Server said: " + new String(data, StandardCharsets.UTF_8));
            finish(0, null);
        }

        @Override
        public void connectionRefused() {
            if (!done) {
                System.err.println("nothing listens on " + host + ":" + port + " (port unreachable); will retry");
            }
        }

        private void finish(int exitStatus, @Nullable String error) {
            if (done) {
                return;
            }
            done = true;
            status = exitStatus;
            if (error != null) {
                System.err.println(error);
            }
            DelayedCall r = retry;
            if (r != null && r.active()) {
                r.cancel();
            }
            reactor.stop();
        }
    }

    /**
     * Runs the client.
     *
     * @param args the command-line options (see {@code --help})
     * @return 0 if the echo came back, 1 otherwise
     * @throws UsageException if the options are not understood
     */
    public static int run(String[] args) {
        Options options = new Options(args);
        if (options.help()) {
            System.out.println(USAGE);
            return 0;
        }
        String host = options.value("--host", Programs.DEFAULT_INTERFACE);
        int port = options.port("--port", 9999);
        byte[] message = options.value("--message", "hello, world!").getBytes(StandardCharsets.UTF_8);
        double seconds = parseSeconds(options.value("--timeout", "1"));
        int tries = parseTries(options.value("--tries", "5"));
        options.finish();
        if (port == 0) {
            throw new UsageException("--port must name the server's port (1-65535)");
        }
        if (message.length > ReactorUDP.MAX_UDP_PAYLOAD) {
            throw new UsageException("--message is " + message.length + " bytes; UDP carries at most "
                    + ReactorUDP.MAX_UDP_PAYLOAD);
        }

        Reactor reactor = Programs.reactor("udp-echo-client");
        Client client = new Client(reactor, host, port, message, Duration.ofMillis(Math.round(seconds * 1000)), tries);
        // IPv6 server address: listen on IPv6 too, so the connect is of the same family.
        String local = host.indexOf(':') >= 0 ? "::" : "";
        reactor.listenUDP(0, client, local, ReactorUDP.MAX_UDP_PAYLOAD);
        reactor.run();
        return client.status;
    }

    private static double parseSeconds(String text) {
        try {
            double s = Double.parseDouble(text);
            if (s > 0 && s <= 3600) {
                return s;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--timeout must be a number of seconds, more than 0 and at most 3600: " + text);
    }

    private static int parseTries(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--tries must be 1 to 1000: " + text);
    }
}
