package net.protocols.basic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.reactor.Factory;
import net.reactor.FileRegionConsumer;
import net.reactor.IPv4Address;
import net.reactor.Protocol;
import net.reactor.ReactorOptions;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file sent to a connection's transport goes as one file region (sendfile), byte for byte. */
class FileSenderSocketTest {
    @TempDir
    Path dir;

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aFileGoesToATcpConnectionAsOneRegion() throws Exception {
        byte[] content = new byte[7 * 1024 * 1024 + 11];
        new SplittableRandom(3).nextBytes(content);
        Path file = Files.write(dir.resolve("big.bin"), content);
        CompletableFuture<Long> sent = new CompletableFuture<>();
        CompletableFuture<Boolean> direct = new CompletableFuture<>();
        try (RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName("file-sender-socket"))) {
            int port = running.call(() -> ((IPv4Address) running.reactor().listenTCP(0, Factory.forProtocol(() -> new Protocol() {
                @Override
                public void connectionMade() {
                    direct.complete(transport() instanceof FileRegionConsumer);
                    FileSender sender = new FileSender(running.reactor());
                    sender.beginFileTransfer(file, transport()).addBoth(outcome -> {
                        if (outcome instanceof net.deferred.Outcome.Success<Long> s) {
                            sent.complete(s.value());
                            assertThat(sender.bytesSent()).isEqualTo(s.value());
                        } else {
                            sent.completeExceptionally(((net.deferred.Outcome.Failed<Long>) outcome).failure().value());
                        }
                        transport().loseConnection();
                        return null;
                    });
                    // No producer is registered: the region is the transfer.
                    assertThat(((net.reactor.Transport) transport()).bufferedBytes()).isZero();
                }
            }), "127.0.0.1").getHost()).port());
            byte[] got;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port));
                InputStream in = s.getInputStream();
                got = in.readAllBytes();
            }
            assertThat(direct.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sent.get(30, TimeUnit.SECONDS)).isEqualTo(content.length);
            assertThat(sha256(got)).isEqualTo(sha256(content));
        }
    }
}
