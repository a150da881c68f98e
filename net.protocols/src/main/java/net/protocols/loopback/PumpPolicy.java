package net.protocols.loopback;

import java.util.List;
import net.reactor.testing.DeliveryPolicy;

/**
 * Decides how the chunks one side wrote become {@code dataReceived} calls on the other side of
 * an in-memory loopback (Twisted's pump policies). It is the {@link DeliveryPolicy} of the
 * {@link net.reactor.testing.MemoryPipe} that {@link Loopback#loopbackAsync} runs on, under
 * Twisted's name: the pipe delivers the returned chunks in order, one {@code dataReceived} each,
 * and stops early (keeping the rest buffered) if the receiver pauses its transport or the
 * connection ends.
 *
 * <p>Besides Twisted's two policies it offers {@link #BYTE_AT_A_TIME}, which shows whether a
 * protocol reassembles frames split at every byte boundary.
 */
@FunctionalInterface
public interface PumpPolicy extends DeliveryPolicy {

    /** One {@code dataReceived} per write, as written (Twisted's {@code identityPumpPolicy}). */
    PumpPolicy IDENTITY = DeliveryPolicy.IDENTITY::chunks;

    /** Everything queued joined into one {@code dataReceived} (Twisted's {@code collapsingPumpPolicy}). */
    PumpPolicy COLLAPSING = DeliveryPolicy.COLLAPSING::chunks;

    /** One {@code dataReceived} per byte. */
    PumpPolicy BYTE_AT_A_TIME = DeliveryPolicy.BYTE_AT_A_TIME::chunks;

    /**
     * Turns what was queued into the chunks to deliver.
     *
     * @param queued the chunks written since the last delivery, in order, none empty
     * @return the chunks to deliver, in order; together they must hold the same bytes, in arrays
     *     nobody else holds
     */
    @Override
    List<byte[]> chunks(List<byte[]> queued);
}
