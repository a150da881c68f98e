package net.protocols.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.deferred.Deferred;
import net.protocols.loopback.LoopbackTCPTest.Echo;
import net.protocols.loopback.LoopbackTCPTest.Talker;
import net.reactor.ConnectionDoneException;
import net.reactor.Reactor;
import net.reactor.UNIXAddress;
import net.reactor.UNIXTransport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** loopbackUNIX over a real reactor and a real UNIX domain socket. */
class LoopbackUNIXTest {
    private static final long WAIT = 30;

    @Test
    void linesGoBackAndForthOverAUnixSocketWhoseFileIsRemovedAfterwards() throws Exception {
        Reactor reactor = Reactor.create();
        Thread thread = reactor.start("loopback-unix-test");
        try {
            Echo server = new Echo();
            Talker client = new Talker(List.of("hello", "", "wörld", "x".repeat(10_000)));
            CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
            reactor.callFromThread(() -> {
                Deferred<@Nullable Void> d = Loopback.loopbackUNIX(reactor, server, client);
                d.addBoth(outcome -> {
                    if (outcome.isSuccess()) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(((net.deferred.Outcome.Failed<?>) outcome).failure().value());
                    }
                    return null;
                });
            });
            done.get(WAIT, TimeUnit.SECONDS);
            assertThat(client.replies).containsExactlyElementsOf(client.toSend);
            assertThat(client.reason).isInstanceOf(ConnectionDoneException.class);
            assertThat(server.reason).isInstanceOf(ConnectionDoneException.class);
            assertThat(client.transport()).isInstanceOf(UNIXTransport.class);
            assertThat(client.peer).isInstanceOf(UNIXAddress.class);
            Path path = ((UNIXAddress) client.peer).path();
            assertThat(path).hasFileName("loopback.sock").doesNotExist();
            assertThat(Files.exists(path.getParent())).as("the socket's temporary directory is removed").isFalse();
        } finally {
            reactor.stop().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
            thread.join(TimeUnit.SECONDS.toMillis(WAIT));
        }
    }
}
