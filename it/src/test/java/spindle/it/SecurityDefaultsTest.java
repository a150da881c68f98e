package spindle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.dbapi.ConnectionPoolOptions;
import net.deferred.Deferred;
import net.protocols.amp.AmpBox;
import net.protocols.amp.BinaryBoxProtocol;
import net.protocols.basic.IntNStringReceiver;
import net.protocols.basic.LineOnlyReceiver;
import net.protocols.basic.LineReceiver;
import net.protocols.basic.NetstringReceiver;
import net.protocols.ftp.CredentialChecker;
import net.protocols.ftp.FTP;
import net.protocols.ftp.FTPServerOptions;
import net.protocols.ftp.FTPShell;
import net.protocols.ftp.LoginFailedException;
import net.protocols.ftp.PasswordChecker;
import net.protocols.ident.IdentQuery;
import net.protocols.ident.IdentServer;
import net.protocols.irc.IRCClient;
import net.protocols.irc.IRCMessage;
import net.protocols.memcache.MemcacheProtocol;
import net.protocols.policies.LimitConnectionsByPeer;
import net.protocols.policies.TimeoutFactory;
import net.protocols.socks.AccessPolicy;
import net.protocols.socks.AllowList;
import net.protocols.socks.SOCKSCommand;
import net.protocols.socks.SOCKSRequestParser;
import net.protocols.socks.SOCKSv4;
import net.protocols.tls.ClientAuth;
import net.protocols.tls.SelfSignedCertificate;
import net.protocols.tls.TLSClientOptions;
import net.protocols.tls.TLSOptions;
import net.protocols.tls.TLSServerOptions;
import net.protocols.web.HTTPServerOptions;
import net.reactor.ReactorOptions;
import net.reactor.ReactorTCP;
import net.reactor.ReactorUDP;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every default {@code docs/security.md} states, checked against the code's actual value (or
 * behaviour), and the figure as the page writes it checked against the page: change a default
 * and this fails until the page says the new value. Behaviour that needs a peer (renegotiation,
 * request smuggling, path escapes) is proved by the module tests the page names.
 */
class SecurityDefaultsTest {
    private static String page;

    @BeforeAll
    static void readThePage() throws IOException {
        Path root = Path.of(System.getProperty("spindle.root", "..")).toAbsolutePath().normalize();
        page = Files.readString(root.resolve("docs/security.md"));
    }

    /** The page states {@code text} (a figure as it writes it). */
    private static void documented(String... texts) {
        for (String text : texts) {
            assertThat(page).as("docs/security.md states %s", text).contains(text);
        }
    }

    @Test
    void tlsVersionsCiphersTimeoutsAndVerification() {
        assertThat(TLSOptions.DEFAULT_PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
        documented("TLS 1.3 and TLS 1.2 only");
        assertThat(TLSOptions.DEFAULT_CIPHER_SUITES).hasSize(9).allSatisfy(suite -> {
            assertThat(suite).containsAnyOf("_GCM_", "CHACHA20_POLY1305");
            assertThat(suite).matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_.*");
        });
        assertThat(TLSOptions.DEFAULT_CIPHER_SUITES.getFirst()).contains("AES_128_GCM");
        assertThat(TLSOptions.DEFAULT_CIPHER_SUITES.getLast()).contains("CHACHA20");
        assertThat(TLSOptions.DEFAULT_CIPHER_SUITES.stream().filter(s -> !s.startsWith("TLS_ECDHE_"))).hasSize(3);
        documented("3 TLS 1.3 suites, 6 ECDHE suites for 1.2", "AES-GCM first, ChaCha20-Poly1305 last");
        assertThat(TLSOptions.DEFAULT_HANDSHAKE_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(TLSOptions.DEFAULT_CLOSE_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        documented("| Handshake timeout | 10 s", "| Close timeout | 5 s");

        TLSClientOptions client = TLSClientOptions.defaults();
        assertThat(client.verifyHostname()).isTrue();
        assertThat(client.clientCertificate()).isNull();
        assertThat(client.protocols()).isEqualTo(TLSOptions.DEFAULT_PROTOCOLS);
        assertThat(client.cipherSuites()).isEqualTo(TLSOptions.DEFAULT_CIPHER_SUITES);
        documented("`verifyHostname` true", "`Trust.system()`");

        TLSServerOptions server = TLSServerOptions.of(SelfSignedCertificate.generate("localhost").key());
        assertThat(server.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(server.protocols()).isEqualTo(TLSOptions.DEFAULT_PROTOCOLS);
        assertThat(server.handshakeTimeout()).isEqualTo(TLSOptions.DEFAULT_HANDSHAKE_TIMEOUT);
        documented("`ClientAuth.NONE`");
    }

    @Test
    void socksIsNotAnOpenProxy() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        assertThat(AccessPolicy.denyAll().permits(SOCKSCommand.CONNECT, loopback, 80, "")).isFalse();
        assertThat(AllowList.of(List.of()).permits(SOCKSCommand.CONNECT, loopback, 80, "")).isFalse();
        assertThat(AllowList.of(List.of()).permits(SOCKSCommand.BIND, loopback, 80, "")).isFalse();
        documented("`AccessPolicy.denyAll()` and the empty `AllowList` permit nothing");
        assertThat(SOCKSRequestParser.MAX_FIELD_LENGTH).isEqualTo(255);
        assertThat(SOCKSRequestParser.MAX_REQUEST_LENGTH).isEqualTo(520);
        assertThat(SOCKSv4.BIND_TIMEOUT).isEqualTo(Duration.ofMinutes(2));
        documented("520 bytes (`SOCKSRequestParser.MAX_REQUEST_LENGTH`, fields of at most 255 bytes); BIND waits 2 min");
    }

    @Test
    void ftpRefusesAnonymousByDefaultAndBoundsItsSessions() {
        CredentialChecker onlyAlice = (user, password) -> Deferred.fail(new LoginFailedException("no"));
        assertRefused(onlyAlice.loginAnonymous("guest@example.com"));
        assertRefused(PasswordChecker.builder().build().loginAnonymous("guest@example.com"));
        documented("`CredentialChecker.loginAnonymous` refuses unless the checker offers it");

        FTPServerOptions o = FTPServerOptions.defaults();
        assertThat(o.maxLineLength()).isEqualTo(8192);
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.dataConnectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.dataIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.failedLoginDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.maxLoginFailures()).isEqualTo(3);
        assertThat(o.tls()).isNull();
        assertThat(FTP.MAX_WAITING).isEqualTo(32);
        documented("| FTP command line | 8192 bytes", "| FTP command flood | 32 commands",
                "5 min idle, 30 s to make a data connection, 60 s without progress",
                "A wrong password waits 1 s before its 530, and the 3rd failure closes the session");
    }

    private static void assertRefused(Deferred<FTPShell> login) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        login.addErrback(f -> {
            failure.set(f.value());
            return null;
        });
        assertThat(failure.get()).isInstanceOf(LoginFailedException.class);
    }

    @Test
    void httpLimits() {
        HTTPServerOptions o = HTTPServerOptions.defaults();
        assertThat(o.maxRequestLineLength()).isEqualTo(8192);
        assertThat(o.maxHeaderCount()).isEqualTo(100);
        assertThat(o.maxHeaderBytes()).isEqualTo(16384);
        assertThat(o.maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(o.headerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.allowBareLF()).isFalse();
        assertThat(o.allowObsFold()).isFalse();
        assertThat(o.maxPipelinedBytes()).isEqualTo(64 * 1024);
        documented("| HTTP request line | 8192 bytes", "| HTTP header fields | 100 fields, 16,384 bytes",
                "| HTTP body | 10 MiB", "| HTTP header time | 30 s", "| HTTP idle | 60 s",
                "| HTTP pipelined bytes | 64 KiB", "a bare LF, obs-fold");
    }

    @Test
    void reactorBuffersAndQueues() {
        ReactorOptions o = ReactorOptions.defaults();
        assertThat(o.highWaterMark()).isEqualTo(64 * 1024).isEqualTo(ReactorOptions.DEFAULT_HIGH_WATER_MARK);
        assertThat(o.lowWaterMark()).isZero();
        assertThat(o.maxBufferedBytes()).isEqualTo(64L * 1024 * 1024).isEqualTo(ReactorOptions.DEFAULT_MAX_BUFFERED_BYTES);
        assertThat(o.pauseReadingAboveHighWater()).isTrue();
        assertThat(o.readBufferSize()).isEqualTo(64 * 1024);
        assertThat(o.stallThreshold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.threadPoolSize()).isEqualTo(10);
        documented("high-water mark | 64 KiB", "hard cap | 64 MiB", "`pauseReadingAboveHighWater`, on",
                "| One read from a socket | 64 KiB", "a turn over 2 s is logged", "| Reactor thread pool | 10 threads");
        assertThat(ReactorUDP.DEFAULT_MAX_PACKET_SIZE).isEqualTo(8192);
        assertThat(ReactorTCP.DEFAULT_BACKLOG).isEqualTo(50);
        assertThat(ReactorTCP.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        documented("| UDP datagram | 8192 bytes", "| Listen backlog | 50", "| Connect timeout | 30 s");
    }

    @Test
    void framingLimits() {
        assertThat(LineReceiver.DEFAULT_MAX_LENGTH).isEqualTo(16384);
        assertThat(LineOnlyReceiver.DEFAULT_MAX_LENGTH).isEqualTo(16384);
        assertThat(new LineReceiver() {
            @Override
            protected void lineReceived(byte[] line) {}
        }.maxLength()).isEqualTo(16384);
        documented("| Line (`LineReceiver`, `LineOnlyReceiver`) | 16,384 bytes");
        assertThat(IntNStringReceiver.DEFAULT_MAX_LENGTH).isEqualTo(99999);
        assertThat(NetstringReceiver.DEFAULT_MAX_LENGTH).isEqualTo(99999);
        documented("| IntN string (`Int8/16/32StringReceiver`) | 99,999 bytes", "| Netstring | 99,999 bytes");
        assertThat(BinaryBoxProtocol.DEFAULT_MAX_BOX_BYTES).isEqualTo(16 * 1024 * 1024);
        assertThat(AmpBox.MAX_KEY_LENGTH).isEqualTo(255);
        assertThat(AmpBox.MAX_VALUE_LENGTH).isEqualTo(65535);
        documented("| AMP box | 16 MiB a box", "keys at most 255 bytes, values at most 65,535");
        assertThat(IRCClient.MAX_LINE_LENGTH).isEqualTo(512);
        assertThat(IRCClient.MAX_MESSAGE_LENGTH).isEqualTo(8703);
        assertThat(IRCClient.MAX_BUFFERED_LINE).isEqualTo(65536);
        assertThat(IRCMessage.MAX_PARAMS).isEqualTo(15);
        documented("at most 512 bytes", "over 8,703 bytes", "over 65,536", "15 parameters");
        assertThat(MemcacheProtocol.MAX_KEY_LENGTH).isEqualTo(250);
        assertThat(MemcacheProtocol.DEFAULT_MAX_VALUE_LENGTH).isEqualTo(1024 * 1024);
        assertThat(MemcacheProtocol.MAX_LINE_LENGTH).isEqualTo(2048);
        assertThat(MemcacheProtocol.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
        documented("key 250 bytes", "value 1 MiB", "reply line 2048 bytes", "60 s per request");
        assertThat(IdentQuery.MAX_QUERY_LENGTH).isEqualTo(64);
        assertThat(IdentServer.DEFAULT_IDLE_TIMEOUT).isEqualTo(Duration.ofSeconds(120));
        documented("| Ident | query 64 bytes", "120 s idle");
        assertThat(LimitConnectionsByPeer.DEFAULT_MAX_CONNECTIONS_PER_PEER).isEqualTo(5);
        assertThat(TimeoutFactory.DEFAULT_TIMEOUT).isEqualTo(Duration.ofMinutes(30));
        documented("| Connections per peer (`LimitConnectionsByPeer`) | 5", "| Idle connection (`TimeoutFactory`) | 30 min");
    }

    @Test
    void databaseCallsHaveAFiniteTimeoutAndABoundedQueue() {
        ConnectionPoolOptions o = ConnectionPoolOptions.defaults();
        assertThat(ConnectionPoolOptions.DEFAULT_QUERY_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.queryTimeout()).isEqualTo(ConnectionPoolOptions.DEFAULT_QUERY_TIMEOUT);
        assertThat(o.maxConnections()).isEqualTo(5);
        assertThat(o.queueLimit()).isEqualTo(10_000);
        assertThat(o.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        documented("query timeout 30 s", "5 connections, 10,000 calls waiting, 30 s acquire timeout");
    }
}
