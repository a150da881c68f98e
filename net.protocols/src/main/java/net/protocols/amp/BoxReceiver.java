package net.protocols.amp;

/**
 * What a {@link BinaryBoxProtocol} delivers boxes to (Twisted's {@code IBoxReceiver}); implement
 * it to exchange raw boxes without commands. {@link BoxDispatcher} is the implementation that
 * speaks AMP's commands. Every method runs on the reactor thread.
 */
public interface BoxReceiver {

    /**
     * Called when the connection is made, before any box arrives.
     *
     * @param sender where to send boxes from now on
     */
    void startReceivingBoxes(BoxSender sender);

    /**
     * Called with each complete box from the peer. An exception thrown here closes the
     * connection with it as the reason, as in Twisted.
     *
     * @param box the box; the receiver may keep it
     */
    void ampBoxReceived(AmpBox box);

    /**
     * Called once when the connection is gone; no box arrives afterwards.
     *
     * @param reason why the connection ended
     */
    void stopReceivingBoxes(Throwable reason);
}
