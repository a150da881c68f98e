package net.protocols.basic;

import net.reactor.PushProducer;

/**
 * A {@link BufferedReceiver} that is also a {@link PushProducer}, as Twisted's
 * {@code _PauseableMixin}: pausing stops delivery between frames, even in the middle of a
 * buffer, and pauses the transport; resuming delivers what stayed buffered, in order, before any
 * newer data. A handler may pause again.
 */
abstract class PausableReceiver extends BufferedReceiver implements PushProducer {

    private boolean paused;

    PausableReceiver() {}

    /**
     * Whether delivery is paused by {@link #pauseProducing()} or {@link #stopProducing()}.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        return paused;
    }

    /** Stops delivering frames and pauses the transport. */
    @Override
    public void pauseProducing() {
        paused = true;
        transport().pauseProducing();
    }

    /** Resumes the transport and delivers what was buffered while paused. */
    @Override
    public void resumeProducing() {
        paused = false;
        transport().resumeProducing();
        if (!parsing() && !rejected() && !input.isEmpty() && !transport().isClosing()) {
            parseInput();
        }
    }

    /** Stops delivery for good and stops the transport (which closes it). */
    @Override
    public void stopProducing() {
        paused = true;
        transport().stopProducing();
    }

    /**
     * Whether the parse loop may deliver another frame: not paused and not rejected. Read before
     * every frame, since a handler may pause.
     *
     * @return true while frames may be delivered
     */
    final boolean delivering() {
        return !paused && !rejected();
    }
}
