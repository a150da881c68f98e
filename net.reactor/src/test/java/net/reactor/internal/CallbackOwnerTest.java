package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.reactor.Factory;
import net.reactor.LayeringFactory;
import net.reactor.Protocol;
import net.reactor.ProtocolLayer;
import net.reactor.ReactorOptions;
import org.junit.jupiter.api.Test;

/** The reactor's "exception in … of …" line names the user's protocol, also under layers. */
class CallbackOwnerTest {

    static final class App extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            throw new IllegalStateException("the application failed");
        }

        @Override
        public String toString() {
            return "App#1";
        }
    }

    /** A layer with the default text, which shows the protocol it wraps. */
    static final class Plain extends ProtocolLayer {
        Plain(Protocol p) {
            super(p);
        }
    }

    /** A layer whose text says nothing of the protocol above it (as TLS's does). */
    static final class Opaque extends ProtocolLayer {
        Opaque(Protocol p) {
            super(p);
        }

        @Override
        public String toString() {
            return "Opaque[handshaking]";
        }
    }

    static final class BadName extends Protocol {
        @Override
        public String toString() {
            throw new UnsupportedOperationException("no name");
        }
    }

    @Test
    void namesTheTopProtocolOfALayeredStack() {
        assertThat(CallbackOwner.describe(new App())).isEqualTo("App#1");
        assertThat(CallbackOwner.describe(new Opaque(new App()))).isEqualTo("App#1 (under Opaque[handshaking])");
        assertThat(CallbackOwner.describe(new Plain(new Opaque(new App()))))
                .isEqualTo("App#1 (under Plain(Opaque[handshaking]))");
        assertThat(CallbackOwner.describe(new Opaque(new Plain(new App()))))
                .isEqualTo("App#1 (under Opaque[handshaking])");
        // The default text already shows it: said once.
        assertThat(CallbackOwner.describe(new Plain(new App()))).isEqualTo("Plain(App#1)");
        assertThat(CallbackOwner.describe("a factory")).isEqualTo("a factory");
    }

    @Test
    void aToStringThatThrowsGivesWayToTheClassName() {
        assertThat(CallbackOwner.describe(new BadName()))
                .startsWith(BadName.class.getName() + "@")
                .endsWith("(its toString failed: java.lang.UnsupportedOperationException: no name)");
        assertThat(CallbackOwner.describe(new Opaque(new BadName())))
                .startsWith(BadName.class.getName() + "@").endsWith(" (under Opaque[handshaking])");
    }

    @Test
    void theLogLineOfAFailureUnderALayerOverRealTCPNamesTheProtocol() throws Exception {
        CapturingLogger log = new CapturingLogger();
        try (ReactorFixture f = new ReactorFixture(ReactorOptions.defaults(), log, StallDetector.DEFAULT_LOG)) {
            f.start();
            LayeringFactory layered = new LayeringFactory(Factory.forProtocol(App::new)) {
                @Override
                protected ProtocolLayer wrap(Protocol protocol) {
                    return new Opaque(protocol);
                }
            };
            int port = f.call(() -> f.listen(layered));
            ReactorFixture.Prepared<ReactorFixture.Recorder> client = new ReactorFixture.Prepared<>(
                    ReactorFixture.Recorder::new);
            f.run(() -> f.connect(port, client));
            ReactorFixture.Recorder c = ReactorFixture.await(client.firstBuilt);
            ReactorFixture.await(c.made);
            f.run(() -> c.transport().write("hello".getBytes(StandardCharsets.US_ASCII)));
            ReactorFixture.await(c.lost); // the server closed the connection after logging
            assertThat(log.first.await(ReactorFixture.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(log.at(Level.ERROR)).singleElement().satisfies(r -> {
                assertThat(r.message()).isEqualTo("exception in dataReceived of App#1 (under Opaque[handshaking])");
                assertThat(r.thrown()).hasMessage("the application failed");
            });
        }
    }
}
