package net.protocols.amp;

/**
 * Where a {@link BoxReceiver} sends boxes (Twisted's {@code IBoxSender}): normally the
 * {@link BinaryBoxProtocol} that delivers boxes to it. Reactor thread only.
 */
public interface BoxSender {

    /**
     * Writes one box. After the connection is lost the box is dropped: the receiver has been
     * told through {@link BoxReceiver#stopReceivingBoxes}.
     *
     * @param box the box
     * @throws TooLongException if a key or value is too long; nothing is written
     */
    void sendBox(AmpBox box);

    /**
     * Closes the connection because of a failure the receiver cannot recover from (Twisted's
     * {@code unhandledError}, which drops the connection).
     *
     * @param reason why; it becomes the reason given to {@code connectionLost}
     */
    void unhandledError(Throwable reason);

    /**
     * Closes the connection once the boxes sent so far are written (what Twisted's
     * {@code QuitBox} does after an error answer).
     */
    void loseConnection();
}
