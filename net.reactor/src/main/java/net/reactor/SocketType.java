package net.reactor;

/** The kind of socket an internet address belongs to, as Twisted's address {@code type} field. */
public enum SocketType {
    /** A stream (TCP or TLS over TCP) socket. */
    TCP,
    /** A datagram socket. */
    UDP
}
