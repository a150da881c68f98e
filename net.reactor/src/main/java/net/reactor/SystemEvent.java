package net.reactor;

/** The reactor events that system event triggers attach to. */
public enum SystemEvent {
    /** The reactor starting to run. */
    STARTUP,
    /** The reactor stopping. */
    SHUTDOWN
}
