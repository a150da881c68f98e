package net.reactor.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A stream connection was closed (committed when connectionLost is delivered). */
@Name("spindle.ConnectionClosed")
@Label("Connection Closed")
@Category({"Spindle", "Connection"})
@Description("A TCP or UNIX stream connection was closed: its lifetime, bytes in and out, and why")
@StackTrace(false)
public final class ConnectionClosedEvent extends Event {
    /** An empty event; the caller fills the fields, then begins or commits it. */
    public ConnectionClosedEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** The reactor's name. */
    @Label("Reactor")
    public String reactor;

    /** TCP or UNIX. */
    @Label("Kind")
    public String kind;

    /** The peer's address. */
    @Label("Remote Address")
    public String remote;

    /** Bytes read from the connection. */
    @Label("Bytes In")
    @DataAmount
    public long bytesIn;

    /** Bytes written (handed to write and not dropped at close). */
    @Label("Bytes Out")
    @DataAmount
    public long bytesOut;

    /** From set-up to close. */
    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    public long lifetime;

    /** The reason given to connectionLost: its class and message. */
    @Label("Reason")
    public String reason;
}
