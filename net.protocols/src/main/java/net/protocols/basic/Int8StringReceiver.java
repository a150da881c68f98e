package net.protocols.basic;

/**
 * Strings prefixed by their length as 1 unsigned byte: strings of
 * up to 255 bytes can be sent (Twisted's {@code Int8StringReceiver}). Everything else is
 * described in {@link IntNStringReceiver}.
 *
 * {@snippet :
 * final class Echo extends Int8StringReceiver {
 *     @Override
 *     protected void stringReceived(byte[] string) {
 *         sendString(string);
 *     }
 * }
 * }
 */
public abstract class Int8StringReceiver extends IntNStringReceiver {

    /** Creates a receiver with a 1-byte prefix and the default maximum length. */
    protected Int8StringReceiver() {
        super(1);
    }
}
