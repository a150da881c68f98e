package spindle.it.irc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.protocols.irc.IRCClient;
import net.protocols.irc.IRCParseException;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.ClientFactory;
import net.reactor.ReactorOptions;
import net.reactor.ReactorTime;
import net.reactor.testing.RunningReactor;
import org.junit.jupiter.api.Test;

/**
 * Over a real socket, a server that sends garbage, binary junk and a 20 KB line, then welcomes the
 * client, says one thing and goes silent: the client drops the bad lines, signs on, hears the
 * message, and closes the connection itself once a heartbeat interval passes without a word.
 */
class IrcHostileServerTest {

    static final class Client extends IRCClient {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        Client(ReactorTime time) {
            super(time, "tough");
            setHeartbeatInterval(Duration.ofSeconds(1));
        }

        @Override protected void badLineReceived(String line, IRCParseException error) { events.add("bad"); }
        @Override protected void signedOn() { events.add("signedOn"); }
        @Override protected void privmsg(String user, String channel, String message) { events.add("privmsg " + message); }
        @Override public void connectionLost(Throwable reason) {
            super.connectionLost(reason);
            events.add("lost " + reason.getClass().getSimpleName());
        }

        String next() throws InterruptedException {
            String e = events.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("an event within 30 s").isNotNull();
            return e;
        }
    }

    @Test
    void survivesGarbageAndLeavesASilentServer() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RunningReactor running = RunningReactor.start(ReactorOptions.defaults().withName("irc-hostile"))) {
            Thread peer = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write("!!! not irc\r\n:onlyaprefix\r\n\u0000\u0001\u0002\u00ff\r\n".getBytes(UTF_8));
                    out.write(("PRIVMSG tough :" + "x".repeat(20_000) + "\r\n").getBytes(UTF_8));
                    out.write(":irc.test 001 tough :Welcome\r\n:bob!b@h PRIVMSG tough :still there?\r\n".getBytes(UTF_8));
                    out.flush();
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // read what the client sends (NICK, USER, PING) and never answer
                    }
                } catch (Exception e) {
                    // the client closed: that is the point
                } finally {
                    done.countDown();
                }
            });
            Client client = running.call(() -> new Client(running.reactor()));
            running.run(() -> running.reactor().connectTCP("127.0.0.1", server.getLocalPort(), ClientFactory.forProtocol(() -> client)));

            assertThat(client.next()).isEqualTo("bad");
            assertThat(client.next()).isEqualTo("bad");
            assertThat(client.next()).isEqualTo("bad");
            assertThat(client.next()).isEqualTo("bad"); // the 20 KB line
            assertThat(client.next()).isEqualTo("signedOn");
            assertThat(client.next()).isEqualTo("privmsg still there?");
            assertThat(client.next()).isEqualTo("lost " + IdleTimeoutException.class.getSimpleName());
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            peer.join();
        }
    }
}
