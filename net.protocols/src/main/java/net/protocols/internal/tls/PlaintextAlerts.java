package net.protocols.internal.tls;

import net.protocols.tls.TLSAlert;
import org.jspecify.annotations.Nullable;

/**
 * Finds an unencrypted TLS alert record in a run of records. Alerts sent before the handshake has
 * set up keys (a rejected ClientHello, or data that is not TLS at all) travel in clear text;
 * reading them lets a failure name its alert even when the engine only closes without
 * explaining itself.
 */
final class PlaintextAlerts {
    private PlaintextAlerts() {}

    private static final int ALERT = 21;
    private static final int HEADER = 5;

    /**
     * The first alert other than close_notify in the complete records of {@code data}.
     *
     * @param data the bytes
     * @param offset where the records start
     * @param length how many bytes to look at
     * @return the alert, or null if there is none
     */
    static @Nullable TLSAlert find(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i + HEADER <= end) {
            int type = data[i] & 0xff;
            int recordLength = ((data[i + 3] & 0xff) << 8) | (data[i + 4] & 0xff);
            if (type < 20 || type > 24) {
                return null; // not a TLS record stream
            }
            if (type == ALERT && recordLength == 2 && i + HEADER + 2 <= end) {
                TLSAlert alert = TLSAlert.fromCode(data[i + HEADER + 1] & 0xff);
                if (alert != null && alert != TLSAlert.CLOSE_NOTIFY) {
                    return alert;
                }
            }
            i += HEADER + recordLength;
        }
        return null;
    }
}
