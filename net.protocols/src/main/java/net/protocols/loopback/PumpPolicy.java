package net.protocols.loopback;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides how the chunks one side wrote become {@code dataReceived} calls on the other side of
 * an in-memory loopback (Twisted's pump policies). The pump delivers the returned chunks in
 * order, one {@code dataReceived} each, and stops early (keeping the rest queued) if the receiver
 * pauses its transport or the connection ends.
 *
 * <p>Besides Twisted's two policies it offers {@link #BYTE_AT_A_TIME}, which shows whether a
 * protocol reassembles frames split at every byte boundary.
 */
@FunctionalInterface
public interface PumpPolicy {

    /** One {@code dataReceived} per write, as written (Twisted's {@code identityPumpPolicy}). */
    PumpPolicy IDENTITY = queued -> queued;

    /** Everything queued joined into one {@code dataReceived} (Twisted's {@code collapsingPumpPolicy}). */
    PumpPolicy COLLAPSING = queued -> {
        int total = 0;
        for (byte[] chunk : queued) {
            total += chunk.length;
        }
        byte[] joined = new byte[total];
        int at = 0;
        for (byte[] chunk : queued) {
            System.arraycopy(chunk, 0, joined, at, chunk.length);
            at += chunk.length;
        }
        return List.of(joined);
    };

    /** One {@code dataReceived} per byte. */
    PumpPolicy BYTE_AT_A_TIME = queued -> {
        List<byte[]> bytes = new ArrayList<>();
        for (byte[] chunk : queued) {
            for (byte b : chunk) {
                bytes.add(new byte[] {b});
            }
        }
        return bytes;
    };

    /**
     * Turns what was queued into the chunks to deliver.
     *
     * @param queued the chunks written since the last delivery, in order, none empty
     * @return the chunks to deliver, in order; together they must hold the same bytes
     */
    List<byte[]> chunks(List<byte[]> queued);
}
