package net.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

/** The typed registerProducer overloads: the producer's type says what the boolean said. */
class ConsumerRegistrationTest {

    static final class Push implements PushProducer {
        @Override
        public void pauseProducing() {}

        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {}
    }

    static final class Pull implements PullProducer {
        @Override
        public void resumeProducing() {}

        @Override
        public void stopProducing() {}
    }

    /** Records what reaches Twisted's two-argument form. */
    static final class Recording implements Consumer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            calls.add(producer.getClass().getSimpleName() + " streaming=" + streaming);
        }

        @Override
        public void unregisterProducer() {}

        @Override
        public void write(byte[] data) {}
    }

    @Test
    void aPushProducerRegistersAsStreamingAndAPullProducerAsNot() {
        Recording consumer = new Recording();
        consumer.registerProducer(new Push());
        consumer.registerProducer(new Pull());
        assertThat(consumer.calls).containsExactly("Push streaming=true", "Pull streaming=false");
    }

    @Test
    void aTransportTakesTheTypedFormsLikeTheFlaggedOne() {
        StringTransport transport = new StringTransport();
        Push push = new Push();
        transport.registerProducer(push);
        assertThat(transport.producer()).isSameAs(push);
        assertThat(transport.isStreaming()).isTrue();
        transport.unregisterProducer();
        Pull pull = new Pull();
        transport.registerProducer(pull);
        assertThat(transport.producer()).isSameAs(pull);
        assertThat(transport.isStreaming()).isFalse();
    }
}
