package net.protocols.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.reactor.IPv4Address;
import net.reactor.SocketType;
import net.reactor.testing.MemoryListeningPort;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;

/**
 * One FTP session on the in-memory reactor: the control connection is a {@link StringTransport},
 * data connections are the memory reactor's, file work runs synchronously (MemoryReactor's
 * deferToThread) on a real temporary directory.
 */
final class Session {
    static final IPv4Address PEER = StringTransport.DEFAULT_PEER;
    static final IPv4Address STRANGER = new IPv4Address(SocketType.TCP, "203.0.113.9", 40000);

    final MemoryReactor reactor = new MemoryReactor();
    final StringTransport control = new StringTransport();
    final FTP ftp;
    final FileSystemShell shell;

    Session(Path root, FTPServerOptions options) {
        this(root, options, null);
    }

    Session(Path root, FTPServerOptions options, FTPShell anonymous) {
        this(root, options, anonymous, null);
    }

    /** With {@code threads}, the shell's file work waits for the test to run it. */
    Session(Path root, FTPServerOptions options, FTPShell anonymous, net.reactor.ReactorThreads threads) {
        reactor.setImmediateDisconnects(true);
        shell = FileSystemShell.create(threads != null ? threads : reactor, root, false);
        PasswordChecker.Builder users = PasswordChecker.builder().user("alice", "secret", shell);
        if (anonymous != null) {
            users.anonymous(anonymous);
        }
        ftp = new FTP(reactor, users.build(), options);
        control.connect(ftp);
    }

    static FTPServerOptions options() {
        return FTPServerOptions.defaults().withPassivePorts(40000, 40000);
    }

    /** Sends lines (CRLF added) and returns what the server wrote since the last call. */
    String send(String... lines) {
        control.clear();
        for (String line : lines) {
            ftp.dataReceived((line + "\r\n").getBytes(UTF_8));
        }
        return output();
    }

    String output() {
        String out = control.valueAsString(UTF_8);
        control.clear();
        return out;
    }

    void login() {
        assertThat(send("USER alice", "PASS secret")).isEqualTo(
                "331 Password required for alice.\r\n230 User logged in, proceed.\r\n");
    }

    /** PASV, then the client connects from its own address. */
    StringTransport passive() {
        assertThat(send("PASV")).isEqualTo("227 Entering Passive Mode (10,0,0,1,156,64).\r\n");
        StringTransport data = lastPort().accept(PEER);
        assertThat(data).isNotNull();
        return data;
    }

    MemoryListeningPort lastPort() {
        List<MemoryReactor.TCPServer> servers = reactor.tcpServers();
        return servers.getLast().listeningPort();
    }

    void advance(Duration d) {
        reactor.advance(d);
    }
}
