package net.reactor;

/**
 * The address of one end of a connection or of a listening port. A closed set, so callers can
 * switch over it.
 */
public sealed interface Address permits IPv4Address, IPv6Address, UNIXAddress {}
