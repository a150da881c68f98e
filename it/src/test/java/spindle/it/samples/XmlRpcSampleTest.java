package spindle.it.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spindle.it.support.PeerCommand;

/**
 * {@code samples/run xmlrpc}, the paper's adder, called by Python's {@code xmlrpc.client} at
 * {@code /RPC2} and {@code /}, and by Twisted's {@code twisted.web.xmlrpc.Proxy}.
 */
class XmlRpcSampleTest {
    private static final int SIGTERM_STATUS = 143;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private static final String PYTHON_CLIENT = """
            import sys, xmlrpc.client
            for path in ("/RPC2", "/"):
                p = xmlrpc.client.ServerProxy(sys.argv[1] + path)
                print(p.add(1, 2))
            try:
                p.subtract(1, 2)
            except xmlrpc.client.Fault as f:
                print("fault", f.faultCode)
            try:
                p.add("a", 2)
            except xmlrpc.client.Fault as f:
                print("fault", f.faultCode, f.faultString)
            """;

    private static final String TWISTED_CLIENT = """
            import sys
            from twisted.internet import reactor
            from twisted.web.xmlrpc import Proxy
            def done(value):
                print(value)
                reactor.stop()
            def failed(f):
                print("error", f.getErrorMessage())
                reactor.stop()
            Proxy(sys.argv[1].encode()).callRemote("add", 40, 2).addCallbacks(done, failed)
            reactor.callLater(30, reactor.stop)
            reactor.run()
            """;

    @TempDir
    Path dir;

    private SampleProcess server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pythonsAndTwistedsClientsAdd() throws Exception {
        PeerCommand.require("python3", "apt-get install python3", "/usr/bin/python3", "-c", "import xmlrpc.client");
        server = SampleProcess.start(dir, "xmlrpc", "--port", "0");
        InetSocketAddress address = server.awaitListening();
        String base = "http://127.0.0.1:" + address.getPort();

        PeerCommand python = PeerCommand.run(List.of("/usr/bin/python3", "-c", PYTHON_CLIENT, base));
        assertThat(python.exit()).as(python.stderr()).isZero();
        assertThat(python.text().lines().toList())
                .containsExactly("3", "3", "fault 8001", "fault 8002 add takes two ints");

        PeerCommand.require("Twisted (python3-twisted)", "apt-get install python3-twisted", "/usr/bin/python3", "-c",
                "import twisted.web.xmlrpc");
        PeerCommand twisted = PeerCommand.run(List.of("/usr/bin/python3", "-c", TWISTED_CLIENT, base + "/RPC2"));
        assertThat(twisted.exit()).as(twisted.stderr()).isZero();
        assertThat(twisted.text().strip()).isEqualTo("42");

        server.terminate();
        assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).doesNotContain("Exception");
    }

    private static final String PYTHON_HTTPS_CLIENT = """
            import ssl, sys, xmlrpc.client
            context = ssl.create_default_context(cafile=sys.argv[2])
            context.set_alpn_protocols(["h2", "http/1.1"])
            print(xmlrpc.client.ServerProxy(sys.argv[1] + "/RPC2", context=context).add(20, 22))
            """;

    @Test
    void pythonsClientAddsOverHttps() throws Exception {
        PeerCommand.require("python3", "apt-get install python3", "/usr/bin/python3", "-c", "import ssl, xmlrpc.client");
        Path data = dir.resolve("data");
        server = SampleProcess.start(dir, "xmlrpc", "--port", "0", "--tls", "--data-dir", data.toString());
        InetSocketAddress address = server.awaitListening();
        Path certificate = data.resolve("tls").resolve("xmlrpc-cert.pem");

        PeerCommand python = PeerCommand.run(List.of("/usr/bin/python3", "-c", PYTHON_HTTPS_CLIENT,
                "https://localhost:" + address.getPort(), certificate.toString()));
        assertThat(python.exit()).as(python.stderr()).isZero();
        assertThat(python.text().strip()).isEqualTo("42");

        server.terminate();
        assertThat(server.awaitExit(EXIT_TIMEOUT)).as(server.diagnostics()).isEqualTo(SIGTERM_STATUS);
        assertThat(server.stderr()).doesNotContain("Exception");
    }
}
