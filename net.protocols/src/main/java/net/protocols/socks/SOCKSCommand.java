package net.protocols.socks;

/** What a SOCKSv4 client asks for. */
public enum SOCKSCommand {
    /** CD 1: connect to the destination and relay. */
    CONNECT,
    /** CD 2: listen for one connection from the destination and relay. */
    BIND
}
