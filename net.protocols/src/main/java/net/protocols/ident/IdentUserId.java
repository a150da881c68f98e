package net.protocols.ident;

/**
 * A successful ident answer: the operating system token and the user id.
 *
 * @param operatingSystem the system token, such as {@code UNIX} (with {@code ,charset} if the
 *     server sent one)
 * @param userId the user identification, as sent (leading spaces dropped)
 */
public record IdentUserId(String operatingSystem, String userId) {

    /**
     * Checks the parts.
     *
     * @param operatingSystem the system token, not empty, without colon, CR, LF or NUL
     * @param userId the user id, not empty, without CR, LF or NUL
     */
    public IdentUserId {
        if (IdentQuery.strip(operatingSystem).isEmpty() || operatingSystem.indexOf(':') >= 0 || IdentQuery.hasControl(operatingSystem)) {
            throw new IllegalArgumentException("bad operating system token: " + operatingSystem);
        }
        if (userId.isEmpty() || IdentQuery.hasControl(userId)) {
            throw new IllegalArgumentException("bad user id");
        }
    }
}
