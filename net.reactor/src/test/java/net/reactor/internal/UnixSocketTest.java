package net.reactor.internal;

import static net.reactor.internal.ReactorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import net.reactor.CannotListenException;
import net.reactor.ConnectFailedException;
import net.reactor.ConnectionLostException;
import net.reactor.ConnectionRefusedException;
import net.reactor.Factory;
import net.reactor.ListeningPort;
import net.reactor.PeerCredentials;
import net.reactor.ReactorUNIX;
import net.reactor.TCPTransport;
import net.reactor.UNIXAddress;
import net.reactor.UNIXTransport;
import net.reactor.internal.ReactorFixture.Echo;
import net.reactor.internal.ReactorFixture.Prepared;
import net.reactor.internal.ReactorFixture.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only UNIX domain sockets have: addresses that are paths, peer credentials, the socket
 * file's mode, its removal, and the rule for a file already at the path (the transport behaviour
 * shared with TCP is in {@link StreamConnectionTest} and {@link FlowControlTest}).
 */
class UnixSocketTest {
    private Path dir;
    private Path path;

    @BeforeEach
    void directory() {
        dir = Transports.socketDirectory();
        path = dir.resolve("server.sock");
    }

    @AfterEach
    void removeDirectory() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void addressesAreThePathAndThePeerCredentialsAreOurs() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(Recorder::new);
            ListeningPort port = f.reactor.listenUNIX(path, server);
            assertThat(port.getHost()).isEqualTo(new UNIXAddress(path));
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.reactor.connectUNIX(path, client);
            f.start();
            Recorder c = await(await(client.firstBuilt).made);
            Recorder s = await(await(server.firstBuilt).made);
            assertThat(c.transport()).isInstanceOf(UNIXTransport.class).isNotInstanceOf(TCPTransport.class);
            assertThat(s.transport()).isInstanceOf(UNIXTransport.class).isNotInstanceOf(TCPTransport.class);
            assertThat(f.call(() -> c.transport().getPeer())).isEqualTo(new UNIXAddress(path));
            assertThat(f.call(() -> c.transport().getHost())).isEqualTo(new UNIXAddress(null));
            assertThat(f.call(() -> s.transport().getHost())).isEqualTo(new UNIXAddress(path));
            String me = System.getProperty("user.name");
            PeerCredentials seenByServer = f.call(() -> ((UNIXTransport) s.transport()).getPeerCredentials());
            assertThat(seenByServer).isNotNull();
            assertThat(seenByServer.user()).isEqualTo(me);
            assertThat(f.call(() -> ((UNIXTransport) c.transport()).getPeerCredentials()).user()).isEqualTo(me);
            assertThat(f.call(() -> f.reactor.connectUNIX(path, new Prepared<>(Recorder::new)).getDestination()))
                    .isEqualTo(new UNIXAddress(path));
        }
    }

    @Test
    void theModeIsTheSocketFilesPermissionsAndStopListeningRemovesTheFile() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            ListeningPort p = f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new), 50, 0600, false);
            Path other = dir.resolve("default.sock");
            ListeningPort q = f.reactor.listenUNIX(other, Factory.forProtocol(Echo::new));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other))).isEqualTo("rw-rw-rw-");
            f.start();
            f.reactor.blockingCallFromThread(p::stopListening);
            assertThat(path).doesNotExist();
            assertThat(other).exists();
            f.close(); // the reactor's stop closes q, which removes its file
            assertThat(other).doesNotExist();
            assertThat(q.getHost()).isEqualTo(new UNIXAddress(other));
        }
    }

    @Test
    void aSecondListenerOnThePathOfALiveOneFailsAndLeavesItServing() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new), 50, ReactorUNIX.DEFAULT_MODE, true);
            assertThat(Files.readSymbolicLink(lockOf(path)).toString())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new)))
                    .isInstanceOf(CannotListenException.class).hasMessageContaining(path.toString())
                    .hasMessageContaining("file exists");
            assertThatThrownBy(() -> f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new), 50,
                    ReactorUNIX.DEFAULT_MODE, true))
                    .isInstanceOf(CannotListenException.class).hasMessageContaining(path.toString())
                    .hasMessageContaining("running process " + ProcessHandle.current().pid());
            byte[] hello = "still mine".getBytes(StandardCharsets.US_ASCII);
            Prepared<StreamConnectionTest.PingClient> client =
                    new Prepared<>(() -> new StreamConnectionTest.PingClient(hello));
            f.reactor.connectUNIX(path, client);
            f.start();
            await(client.clientLost);
            assertThat(f.call(() -> client.built.get(0)).bytes()).isEqualTo(hello);
        }
        assertThat(path).doesNotExist();
        assertThat(lockOf(path)).doesNotExist();
    }

    /** A killed server leaves its socket file, and with wantPID its lock naming a dead process. */
    private void leaveWhatAKilledServerLeaves(boolean withLock) throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path)); // closing does not remove the file
        }
        if (withLock) {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Files.createSymbolicLink(lockOf(path), Path.of(Long.toString(gone.pid())));
        }
    }

    @Test
    void withoutALockAStaleSocketFileIsLeftAloneAndNamed() throws Exception {
        leaveWhatAKilledServerLeaves(false);
        try (ReactorFixture f = new ReactorFixture()) {
            assertThatThrownBy(() -> f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new)))
                    .isInstanceOf(CannotListenException.class)
                    .hasMessageStartingWith("Couldn't listen on " + path + ": the file exists");
            assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
            // Connecting to it: nobody listens.
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.reactor.connectUNIX(path, client);
            f.start();
            assertThat(await(client.failed)).isInstanceOf(ConnectionRefusedException.class)
                    .hasMessageContaining(path.toString());
        }
    }

    @Test
    void withALockADeadServersSocketIsTakenOver() throws Exception {
        leaveWhatAKilledServerLeaves(true);
        try (ReactorFixture f = new ReactorFixture()) {
            f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new), 50, ReactorUNIX.DEFAULT_MODE, true);
            assertThat(Files.readSymbolicLink(lockOf(path)).toString())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            byte[] hello = "taken over".getBytes(StandardCharsets.US_ASCII);
            Prepared<StreamConnectionTest.PingClient> client =
                    new Prepared<>(() -> new StreamConnectionTest.PingClient(hello));
            f.reactor.connectUNIX(path, client);
            f.start();
            await(client.clientLost);
            assertThat(f.call(() -> client.built.get(0)).bytes()).isEqualTo(hello);
        }
        assertThat(path).doesNotExist();
        assertThat(lockOf(path)).doesNotExist();
    }

    @Test
    void aLockHeldByAnotherLiveProcessRefusesAndIsKept() throws Exception {
        Process alive = new ProcessBuilder("sleep", "60").start();
        try (ReactorFixture f = new ReactorFixture()) {
            Files.createSymbolicLink(lockOf(path), Path.of(Long.toString(alive.pid())));
            assertThatThrownBy(() -> f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new), 50,
                    ReactorUNIX.DEFAULT_MODE, true))
                    .isInstanceOf(CannotListenException.class)
                    .hasMessage("Couldn't listen on " + path + ": it is in use by the running process " + alive.pid()
                            + " (lock file " + lockOf(path) + ")");
            assertThat(Files.readSymbolicLink(lockOf(path)).toString()).isEqualTo(Long.toString(alive.pid()));
        } finally {
            alive.destroy();
            alive.waitFor();
        }
    }

    @Test
    void aFileThatIsNotASocketIsNeverRemoved() throws Exception {
        Files.writeString(path, "precious");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.createSymbolicLink(lockOf(path), Path.of(Long.toString(gone.pid())));
        try (ReactorFixture f = new ReactorFixture()) {
            assertThatThrownBy(() -> f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new), 50,
                    ReactorUNIX.DEFAULT_MODE, true))
                    .isInstanceOf(CannotListenException.class).hasMessageContaining("is not a socket");
        }
        assertThat(Files.readString(path)).isEqualTo("precious");
        assertThat(lockOf(path)).as("the lock we took is given back").doesNotExist();
    }

    @Test
    void connectingToAMissingPathFailsNamingIt() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> client = new Prepared<>(Recorder::new);
            f.reactor.connectUNIX(dir.resolve("nobody.sock"), client);
            f.start();
            assertThat(await(client.failed)).isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("nobody.sock");
        }
    }

    @Test
    void aPathTooLongOrABadModeIsRefused() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Path tooLong = dir.resolve("x".repeat(120));
            assertThatThrownBy(() -> f.reactor.listenUNIX(tooLong, Factory.forProtocol(Echo::new)))
                    .isInstanceOf(CannotListenException.class).hasMessageContaining(tooLong.toString());
            assertThatThrownBy(() -> f.reactor.listenUNIX(path, Factory.forProtocol(Echo::new), 50, 01777, false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(path).doesNotExist();
        }
    }

    /** Closing a UNIX socket with bytes it never read resets it: the peer's connection is lost, not done. */
    @Test
    void closingWithUnreadBytesIsALostConnectionForThePeer() throws Exception {
        try (ReactorFixture f = new ReactorFixture()) {
            Prepared<Recorder> server = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().write(new byte[1000]);
                }
            });
            f.reactor.listenUNIX(path, server);
            Prepared<Recorder> client = new Prepared<>(() -> new Recorder() {
                @Override
                public void connectionMade() {
                    super.connectionMade();
                    transport().pauseProducing(); // never reads the server's bytes
                }
            });
            f.reactor.connectUNIX(path, client);
            f.start();
            Recorder c = await(await(client.firstBuilt).made);
            Recorder s = await(await(server.firstBuilt).made);
            // The server's write went straight through (nothing queued): on a UNIX socket that puts
            // the bytes in the client's receive queue, where they lie unread.
            assertThat(f.call(() -> s.transport().bufferedBytes())).isZero();
            f.run(() -> c.transport().abortConnection());
            assertThat(await(s.lost)).isInstanceOf(ConnectionLostException.class);
        }
    }

    private static Path lockOf(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".lock");
    }
}
