package net.reactor;

/** When a system event trigger runs relative to its event. */
public enum TriggerPhase {
    /** Before the event; for shut-down, a trigger's Deferred delays the later phases. */
    BEFORE,
    /** During the event. */
    DURING,
    /** After the event. */
    AFTER
}
