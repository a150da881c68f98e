package net.reactor.endpoints;

import java.util.Objects;

/**
 * An endpoint description string is malformed: an unknown type, a missing or unknown parameter,
 * a value of the wrong form, or a dangling escape (Twisted raises ValueError or TypeError). The
 * message names the part at fault.
 */
public class EndpointDescriptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The description at fault. */
    private final String description;

    /**
     * Creates the exception.
     *
     * @param description the whole description string
     * @param problem what is wrong with it, naming the part at fault
     */
    public EndpointDescriptionException(String description, String problem) {
        super("bad endpoint description \"" + Objects.requireNonNull(description, "description") + "\": "
                + Objects.requireNonNull(problem, "problem"));
        this.description = description;
    }

    /**
     * The description that could not be used.
     *
     * @return the whole description string
     */
    public String description() {
        return description;
    }
}
