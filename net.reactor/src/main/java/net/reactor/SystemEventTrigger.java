package net.reactor;

/**
 * A handle to a trigger added with {@link ReactorCore#addSystemEventTrigger}, used to remove it.
 */
public interface SystemEventTrigger {

    /**
     * The phase the trigger runs in.
     *
     * @return before, during or after
     */
    TriggerPhase phase();

    /**
     * The event the trigger belongs to.
     *
     * @return start-up or shut-down
     */
    SystemEvent event();
}
