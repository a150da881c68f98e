package net.reactor.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A UDP port stopped listening: its totals. One event per port, never per datagram, so a
 * flooded port costs a recording nothing more than a quiet one.
 */
@Name("spindle.DatagramPortClosed")
@Label("Datagram Port Closed")
@Category({"Spindle", "Datagram"})
@Description("A UDP port stopped listening: its lifetime, datagrams and bytes in and out, and datagrams dropped on write")
@StackTrace(false)
public final class DatagramPortClosedEvent extends Event {
    /** An empty event; the caller fills the fields, then commits it. */
    public DatagramPortClosedEvent() {
        // Fields are public so the committing code fills them directly, as JFR events do.
    }

    /** The reactor's name. */
    @Label("Reactor")
    public String reactor;

    /** UDP, or UDP multicast. */
    @Label("Kind")
    public String kind;

    /** The address the port was bound to. */
    @Label("Local Address")
    public String local;

    /** The class of the port's DatagramProtocol. */
    @Label("Protocol")
    public String protocol;

    /** Datagrams read (truncated ones included). */
    @Label("Datagrams In")
    public long datagramsIn;

    /** Datagrams handed to the system. */
    @Label("Datagrams Out")
    public long datagramsOut;

    /** Payload bytes of the datagrams read (of a truncated one, the bytes delivered). */
    @Label("Bytes In")
    @DataAmount
    public long bytesIn;

    /** Payload bytes of the datagrams sent. */
    @Label("Bytes Out")
    @DataAmount
    public long bytesOut;

    /** Datagrams write dropped (the port's droppedWrites()). */
    @Label("Dropped Writes")
    public long droppedWrites;

    /** From binding to closing. */
    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    public long lifetime;
}
