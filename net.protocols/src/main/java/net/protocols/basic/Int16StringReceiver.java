package net.protocols.basic;

/**
 * Strings prefixed by their length as 2 unsigned bytes in network (big-endian) order: strings of
 * up to 65535 bytes can be sent (Twisted's {@code Int16StringReceiver}). Everything else is
 * described in {@link IntNStringReceiver}.
 *
 * {@snippet :
 * final class Echo extends Int16StringReceiver {
 *     @Override
 *     protected void stringReceived(byte[] string) {
 *         sendString(string);
 *     }
 * }
 * }
 */
public abstract class Int16StringReceiver extends IntNStringReceiver {

    /** Creates a receiver with a 2-byte prefix and the default maximum length. */
    protected Int16StringReceiver() {
        super(2);
    }
}
