package net.protocols.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One TLS handshake, from the layer's start to completion or failure. */
@Name("spindle.TLSHandshake")
@Label("TLS Handshake")
@Category({"Spindle", "TLS"})
@Description("A TLS handshake: its duration, role, negotiated protocol and cipher suite, or why it failed")
@StackTrace(false)
public final class TLSHandshakeEvent extends Event {
    private static final TLSHandshakeEvent PROBE = new TLSHandshakeEvent();

    /** An empty event; the caller begins it and fills the fields before committing. */
    public TLSHandshakeEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** client or server. */
    @Label("Role")
    public String role;

    /** The peer's address. */
    @Label("Peer")
    public String peer;

    /** Whether the handshake completed. */
    @Label("Succeeded")
    public boolean succeeded;

    /** The negotiated protocol (TLSv1.3, TLSv1.2), when it completed. */
    @Label("Protocol")
    public String protocol;

    /** The negotiated cipher suite, when it completed. */
    @Label("Cipher Suite")
    public String cipherSuite;

    /** Why it failed (the reason the connection was lost), when it failed. */
    @Label("Failure")
    public String failure;

    /**
     * Whether a recording wants this event now; one static field read.
     *
     * @return true while some recording enables spindle.TLSHandshake
     */
    public static boolean wanted() {
        return PROBE.isEnabled();
    }
}
