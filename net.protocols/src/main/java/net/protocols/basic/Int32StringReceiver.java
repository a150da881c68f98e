package net.protocols.basic;

/**
 * Strings prefixed by their length as 4 unsigned bytes in network (big-endian) order (Twisted's
 * {@code Int32StringReceiver}). The prefix could announce up to 4294967295 bytes, more than a
 * Java array holds, so no string is too long to send. Everything else is
 * described in {@link IntNStringReceiver}.
 *
 * {@snippet :
 * final class Echo extends Int32StringReceiver {
 *     @Override
 *     protected void stringReceived(byte[] string) {
 *         sendString(string);
 *     }
 * }
 * }
 */
public abstract class Int32StringReceiver extends IntNStringReceiver {

    /** Creates a receiver with a 4-byte prefix and the default maximum length. */
    protected Int32StringReceiver() {
        super(4);
    }
}
