package net.protocols.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerOptions;
import net.reactor.IPv4Address;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static files over real sockets: on plain HTTP the body goes out with sendfile, on HTTPS through
 * TLS in chunks; whole and as a range, byte for byte (SHA-256), and a pipelined second response
 * comes after the first body, never inside it.
 */
class FileResourceSocketTest {
    private static final int SIZE = 6 * 1024 * 1024 + 7;

    @TempDir
    Path root;

    private RunningReactor running;
    private byte[] content;
    private int plainPort;
    private int tlsPort;
    private SelfSignedCertificate certificate;

    @BeforeEach
    void start() throws Exception {
        content = new byte[SIZE];
        new SplittableRandom(7).nextBytes(content);
        Files.write(root.resolve("big.bin"), content);
        Files.writeString(root.resolve("small.txt"), "small\n");
        Resource top = new Resource();
        top.putChild("files", new FileResource(root));
        certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        running = RunningReactor.start(ReactorOptions.defaults().withName("file-resource-socket-test"));
        plainPort = running.call(() -> ((IPv4Address) running.reactor()
                .listenTCP(0, new Site(top, running.reactor()), "127.0.0.1").getHost()).port());
        tlsPort = running.call(() -> ((IPv4Address) TLS.listenSSL(running.reactor(), 0,
                new Site(top, running.reactor()), TLSServerOptions.of(certificate.key()), "127.0.0.1").getHost()).port());
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Sends {@code requests} at once and reads until the server closes. */
    private static byte[] exchange(Socket s, String requests) throws Exception {
        try (s) {
            OutputStream out = s.getOutputStream();
            out.write(requests.getBytes(ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        }
    }

    private Socket plain() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", plainPort));
        return s;
    }

    private Socket tls() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", tlsPort);
        s.startHandshake();
        return s;
    }

    /** Splits one response off the front of {@code all}: {head, body, rest}. */
    private static byte[][] response(byte[] all) {
        String text = new String(all, ISO_8859_1);
        int end = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, end);
        int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        return new byte[][] {head.getBytes(ISO_8859_1), Arrays.copyOfRange(all, end, end + length),
                Arrays.copyOfRange(all, end + length, all.length)};
    }

    private void checkWholeRangeAndPipelining(java.util.concurrent.Callable<Socket> connect) throws Exception {
        // The whole file, then (pipelined on the same connection) a small one, then a range.
        byte[] all = exchange(connect.call(), "GET /files/big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /files/small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /files/big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=1000003-4145750\r\nConnection: close\r\n\r\n");
        byte[][] first = response(all);
        assertThat(new String(first[0], ISO_8859_1)).startsWith("HTTP/1.1 200 ").contains("Content-Length: " + SIZE);
        assertThat(sha256(first[1])).isEqualTo(sha256(content));
        byte[][] second = response(first[2]);
        assertThat(new String(second[0], ISO_8859_1)).startsWith("HTTP/1.1 200 ");
        assertThat(new String(second[1], ISO_8859_1)).isEqualTo("small\n");
        byte[][] third = response(second[2]);
        assertThat(new String(third[0], ISO_8859_1)).startsWith("HTTP/1.1 206 ")
                .contains("Content-Range: bytes 1000003-4145750/" + SIZE);
        assertThat(sha256(third[1])).isEqualTo(sha256(Arrays.copyOfRange(content, 1000003, 4145751)));
        assertThat(third[2]).isEmpty();
    }

    @Test
    void plainHttpSendsWholeFilesAndRangesInOrder() throws Exception {
        checkWholeRangeAndPipelining(this::plain);
    }

    @Test
    void httpsSendsTheSameBytesThroughTheChunkedFallback() throws Exception {
        checkWholeRangeAndPipelining(this::tls);
    }

    @Test
    void aClientThatGoesAwayMidBodyLeavesTheServerServing() throws Exception {
        try (Socket s = plain()) {
            s.getOutputStream().write("GET /files/big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));
            s.getInputStream().readNBytes(100_000);
            s.setSoLinger(true, 0); // a reset while the body is under way
        }
        // The reset reached the server before this connection did, and serving it takes turns
        // (accept, read) after the one that reports the reset: by its answer the server has seen
        // the reset, failed the region and closed the file.
        byte[][] r = response(exchange(plain(), "GET /files/small.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertThat(new String(r[1], ISO_8859_1)).isEqualTo("small\n");
        assertThat(running.call(() -> openDescriptorsOf(root.resolve("big.bin")))).as("descriptors of the file left open")
                .isZero();
    }

    private static long openDescriptorsOf(Path file) throws Exception {
        Path real = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (java.io.IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
