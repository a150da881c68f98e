package bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import net.protocols.basic.Int32StringReceiver;
import net.protocols.basic.LineReceiver;
import net.reactor.Protocol;
import net.reactor.testing.StringTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Framing a fixed 64 MiB input delivered in 64 KiB reads: Spindle's LineReceiver and
 * Int32StringReceiver against Netty's LineBasedFrameDecoder and LengthFieldBasedFrameDecoder
 * driven through an EmbeddedChannel. A score is one pass over the whole input; every pass checks
 * that it saw every frame.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramingBenchmark {

    /** The longest frame any decoder accepts (every frame of the inputs is far shorter). */
    static final int MAX_FRAME = 16 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};

    /** Creates the benchmark (JMH does). */
    public FramingBenchmark() {}

    /** 64 MiB of CRLF-terminated lines. */
    @State(Scope.Benchmark)
    public static class Lines {
        final FramingInput.Reads input = FramingInput.lines();

        /** Creates the input (JMH does). */
        public Lines() {}
    }

    /** 64 MiB of Int32-length-prefixed frames. */
    @State(Scope.Benchmark)
    public static class Int32 {
        final FramingInput.Reads input = FramingInput.int32();

        /** Creates the input (JMH does). */
        public Int32() {}
    }

    /**
     * The peer for LineReceiver.
     *
     * @param lines the input
     * @return the number of frames seen
     */
    @Benchmark
    public long nettyLineBasedFrameDecoder(Lines lines) {
        return netty(new LineBasedFrameDecoder(MAX_FRAME), lines.input);
    }

    /**
     * The peer for Int32StringReceiver.
     *
     * @param frames the input
     * @return the number of frames seen
     */
    @Benchmark
    public long nettyLengthFieldBasedFrameDecoder(Int32 frames) {
        return netty(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4), frames.input);
    }

    /**
     * Spindle's LineReceiver on an in-memory transport.
     *
     * @param lines the input
     * @return the number of lines seen
     */
    @Benchmark
    public long lineReceiver(Lines lines) {
        LineCounter counter = new LineCounter();
        return spindle(counter, lines.input, () -> counter.frames);
    }

    /**
     * Spindle's Int32StringReceiver on an in-memory transport.
     *
     * @param frames the input
     * @return the number of frames seen
     */
    @Benchmark
    public long int32StringReceiver(Int32 frames) {
        Int32Counter counter = new Int32Counter();
        return spindle(counter, frames.input, () -> counter.frames);
    }

    private static long spindle(Protocol protocol, FramingInput.Reads input, LongSupplier frames) {
        new StringTransport().connect(protocol);
        for (byte[] chunk : input.chunks()) {
            protocol.dataReceived(chunk);
        }
        return Framing.check(frames.getAsLong(), input);
    }

    /** Counts each line, as a handler consuming it would see it. */
    private static final class LineCounter extends LineReceiver {
        long frames;

        LineCounter() {
            super(CRLF, MAX_FRAME);
        }

        @Override
        protected void lineReceived(byte[] line) {
            frames++;
        }
    }

    /** Counts each frame. */
    private static final class Int32Counter extends Int32StringReceiver {
        long frames;

        Int32Counter() {
            setMaxLength(MAX_FRAME);
        }

        @Override
        protected void stringReceived(byte[] string) {
            frames++;
        }
    }

    private static long netty(ChannelInboundHandlerAdapter decoder, FramingInput.Reads input) {
        FrameCounter counter = new FrameCounter();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, counter);
        for (byte[] chunk : input.chunks()) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        channel.finishAndReleaseAll();
        return Framing.check(counter.frames, input);
    }

    /** The end of the pipeline: counts each frame and releases it, as a handler consuming it would. */
    private static final class FrameCounter extends ChannelInboundHandlerAdapter {
        long frames;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames++;
            ((ByteBuf) msg).release();
        }
    }
}
