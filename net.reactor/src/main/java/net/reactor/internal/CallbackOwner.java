package net.reactor.internal;

import net.reactor.ProtocolLayer;

/**
 * Names the object whose callback threw, for the reactor's "exception in dataReceived of …" log
 * line. The reactor calls the protocol that faces the socket; when that is a layer (TLS, a
 * policy), the user's own protocol sits at the top of the stack and the exception most often
 * comes from it, so the line names that protocol first and the layer after it:
 * {@code com.example.Chat@1b6d3586 (under TLSConnection[server, TLSv1.3 …])}. A layer whose own
 * text already shows the protocol (the default {@link ProtocolLayer#toString()}, for example
 * {@code TimeoutProtocol(com.example.Chat@1b6d3586)}) is named as it is, to say nothing twice.
 *
 * <p>A {@code toString} that throws gives way to the class name and identity hash: naming the
 * culprit must not raise a second exception inside the reactor's error handling.
 *
 * <p><b>Threading:</b> the reactor thread (it reads the layers' state).
 */
final class CallbackOwner {
    /** Layers are few; the bound only keeps a malformed stack from holding the loop. */
    private static final int MAX_LAYERS = 64;

    private CallbackOwner() {}

    /**
     * Describes {@code who} for a log line.
     *
     * @param who the protocol (possibly a layer), factory or producer whose callback threw
     * @return its description, naming the top protocol of a layered stack
     */
    static String describe(Object who) {
        String outer = text(who);
        if (!(who instanceof ProtocolLayer layer)) {
            return outer;
        }
        Object top = layer.wrappedProtocol();
        for (int i = 0; i < MAX_LAYERS && top instanceof ProtocolLayer inner; i++) {
            top = inner.wrappedProtocol();
        }
        String topText = text(top);
        return outer.contains(topText) ? outer : topText + " (under " + outer + ")";
    }

    private static String text(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o))
                    + " (its toString failed: " + e + ")";
        }
    }
}
