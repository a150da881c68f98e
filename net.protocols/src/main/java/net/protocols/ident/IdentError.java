package net.protocols.ident;

import java.util.Locale;

/** The error tokens of RFC 1413, section 6. */
public enum IdentError {
    /** The port pair is invalid or does not name a connection of the asker's host. */
    INVALID_PORT("INVALID-PORT"),
    /** The connection is not owned by an identifiable user. */
    NO_USER("NO-USER"),
    /** The user asked not to be identified. */
    HIDDEN_USER("HIDDEN-USER"),
    /** Anything else, including tokens this enum does not know (RFC 1413 "X" tokens). */
    UNKNOWN_ERROR("UNKNOWN-ERROR");

    private final String token;

    IdentError(String token) {
        this.token = token;
    }

    /**
     * The token as sent on the wire.
     *
     * @return such as {@code NO-USER}
     */
    public String token() {
        return token;
    }

    /**
     * The error a token stands for; an unknown token is {@link #UNKNOWN_ERROR}.
     *
     * @param token the token, case ignored, surrounding spaces ignored
     * @return the error
     */
    public static IdentError fromToken(String token) {
        String t = token.strip().toUpperCase(Locale.ROOT);
        for (IdentError e : values()) {
            if (e.token.equals(t)) {
                return e;
            }
        }
        return UNKNOWN_ERROR;
    }
}
