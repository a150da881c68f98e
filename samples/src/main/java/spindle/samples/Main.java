package spindle.samples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import net.reactor.CannotListenException;
import spindle.samples.amp.AmpClient;
import spindle.samples.amp.AmpServer;
import spindle.samples.chat.ChatServer;
import spindle.samples.counters.CountersSample;
import spindle.samples.db.DbSample;
import spindle.samples.echo.EchoClient;
import spindle.samples.echo.EchoServer;
import spindle.samples.ftp.FtpServer;
import spindle.samples.herd.HerdMain;
import spindle.samples.legacy.LegacyServer;
import spindle.samples.logging.LoggingServer;
import spindle.samples.metrics.MetricsSample;
import spindle.samples.process.ProcessSample;
import spindle.samples.qotd.QotdServer;
import spindle.samples.socks.SocksServer;
import spindle.samples.support.UsageException;
import spindle.samples.udp.UdpEchoClient;
import spindle.samples.udp.UdpEchoServer;
import spindle.samples.web.HttpGet;
import spindle.samples.web.WebServer;
import spindle.samples.web.XmlRpcServer;

/**
 * Runs one sample by name: {@code java --module-path samples/target/modules --module
 * spindle.samples/spindle.samples.Main NAME [options]}, which is what {@code samples/run NAME
 * [options]} does after building. With no name, or an unknown one, it lists the samples.
 *
 * <p>Exit status: what the sample returns (0 for a server stopped cleanly), 2 for a command
 * line it cannot run with, 1 for a sample that failed.
 */
public final class Main {

    /** One runnable sample. */
    private record Sample(String name, String summary, Program program) {}

    /** A sample's entry point: runs it and returns the process exit status. */
    @FunctionalInterface
    private interface Program {
        int run(String[] args) throws Exception;
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("herd", "the proxy herd: five servers, IAMAT/AT/WHATSAT, places from H2 (ports 12000-12004)",
                    HerdMain::run),
            new Sample("echo", "echo server (port 8000; --tls for TLS)", EchoServer::run),
            new Sample("counters", "echo server (TCP and UDP) printing its reactor's counters every few seconds (port 8128)",
                    CountersSample::run),
            new Sample("metrics", "echo server and pool whose counters a Micrometer bridge serves as Prometheus text"
                    + " at GET /metrics (ports 8129, 9464)", MetricsSample::run),
            new Sample("echo-client", "sends a message to an echo server and prints the answer", EchoClient::run),
            new Sample("udp-echo", "UDP echo server: every datagram back to its sender (port 9999)",
                    UdpEchoServer::run),
            new Sample("udp-echo-client", "sends one datagram to a UDP echo server and prints the answer, retrying",
                    UdpEchoClient::run),
            new Sample("qotd", "Quote of the Day server (port 8007)", QotdServer::run),
            new Sample("chat", "the how-to's chat server, CRLF lines (port 8123)", ChatServer::run),
            new Sample("logging", "writes every line to a file opened in startFactory (port 8124)",
                    LoggingServer::run),
            new Sample("legacy", "an unmodified java.io key-value service on virtual threads (port 8125)",
                    LegacyServer::run),
            new Sample("amp-server", "AMP server answering sum, greeting and Divide (port 8126)", AmpServer::run),
            new Sample("amp-client", "calls sum(5, 3) and greeting(\"Alice\") on an AMP server and prints the answers",
                    AmpClient::run),
            new Sample("db", "H2 through the connection pool: Deferred chains, then await in a task scope",
                    DbSample::run),
            new Sample("socks", "SOCKSv4/4a/5 server, closed unless --allow HOST|CIDR (port 1080)", SocksServer::run),
            new Sample("process", "runs -- COMMAND [ARGS...] as a child, relays its output as it comes, exits with its code",
                    ProcessSample::run),
            new Sample("ftp-server", "FTP server over --root DIR, --user NAME:PASSWORD (port 2121; --tls for FTPS)",
                    FtpServer::run),
            new Sample("xmlrpc", "the paper's XML-RPC adder, add(a, b), at / and /RPC2 (port 7080)", XmlRpcServer::run),
            new Sample("web", "static files over HTTP/1.1 from --root DIR (port 8080)", WebServer::run),
            new Sample("http-get", "GETs a URL with the HTTP client (Agent): status, headers, body size", HttpGet::run));

    private Main() {}

    /**
     * Runs the sample named by the first argument with the remaining arguments, then exits with
     * its status.
     *
     * @param args the sample's name followed by its options
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            listSamples(System.out);
            return args.length == 0 ? 2 : 0;
        }
        Sample sample = SAMPLES.stream().filter(s -> s.name().equals(args[0])).findFirst().orElse(null);
        if (sample == null) {
            System.err.println("unknown sample: " + args[0]);
            listSamples(System.err);
            return 2;
        }
        try {
            return sample.program().run(Arrays.copyOfRange(args, 1, args.length));
        } catch (UsageException e) {
            System.err.println(sample.name() + ": " + e.getMessage());
            System.err.println("(samples/run " + sample.name() + " --help lists its options)");
            return 2;
        } catch (CannotListenException e) {
            // A port in use, say: the message says it all, a stack trace would only hide it.
            System.err.println(sample.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println(sample.name() + " failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    private static void listSamples(PrintStream out) {
        out.println("usage: samples/run NAME [options]   (NAME --help lists its options)");
        for (Sample s : SAMPLES) {
            out.printf("  %-12s %s%n", s.name(), s.summary());
        }
    }
}
