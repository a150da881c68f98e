package net.reactor;

/**
 * A reactor: one thread that owns every socket and timer and runs every protocol event. It
 * combines the role interfaces; code that needs only one role (for example only time) should ask
 * for that role, so a test double can stand in.
 *
 * <p>Reactors are explicit objects: several may run in one JVM and there is no global one.
 */
public interface Reactor extends ReactorCore, ReactorTime, ReactorThreads, ReactorTCP, ReactorSSL {}
