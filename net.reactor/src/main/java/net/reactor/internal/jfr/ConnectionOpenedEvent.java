package net.reactor.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A stream connection (TCP or UNIX) was set up: accepted by a port or connected by a client. */
@Name("spindle.ConnectionOpened")
@Label("Connection Opened")
@Category({"Spindle", "Connection"})
@Description("A TCP or UNIX stream connection was accepted or connected")
@StackTrace(false)
public final class ConnectionOpenedEvent extends Event {
    /** An empty event; the caller fills the fields, then begins or commits it. */
    public ConnectionOpenedEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** The reactor's name. */
    @Label("Reactor")
    public String reactor;

    /** TCP or UNIX. */
    @Label("Kind")
    public String kind;

    /** Accepted by a listening port (true) or connected as a client (false). */
    @Label("Accepted")
    public boolean accepted;

    /** The local address. */
    @Label("Local Address")
    public String local;

    /** The peer's address. */
    @Label("Remote Address")
    public String remote;
}
