package net.protocols.ident;

import java.util.Locale;

/**
 * An ident server's answer to one {@link IdentQuery}: a user id or an error.
 */
public sealed interface IdentResponse {

    /** The longest response line accepted, in bytes (RFC 1413 allows a 512-octet user id). */
    int MAX_RESPONSE_LENGTH = 1000;

    /**
     * The query answered.
     *
     * @return the port pair
     */
    IdentQuery query();

    /**
     * The line this response is sent as, without line ending.
     *
     * @return such as {@code 6193, 23 : USERID : UNIX : stjohns}
     */
    String toLine();

    /**
     * A {@code USERID} answer.
     *
     * @param query the query answered
     * @param user the operating system and user id
     */
    record UserId(IdentQuery query, IdentUserId user) implements IdentResponse {
        @Override
        public String toLine() {
            return query.toLine() + " : USERID : " + user.operatingSystem() + " : " + user.userId();
        }
    }

    /**
     * An {@code ERROR} answer.
     *
     * @param query the query answered
     * @param error the error
     * @param token the token as sent (for a standard error, its {@link IdentError#token()})
     */
    record Error(IdentQuery query, IdentError error, String token) implements IdentResponse {
        /**
         * Creates an answer with a standard token.
         *
         * @param query the query answered
         * @param error the error
         */
        public Error(IdentQuery query, IdentError error) {
            this(query, error, error.token());
        }

        @Override
        public String toLine() {
            return query.toLine() + " : ERROR : " + token;
        }
    }

    /**
     * Parses a response line (without line ending), as RFC 1413 lays it out:
     * {@code ports : USERID : os[,charset] : user-id} or {@code ports : ERROR : token}, spaces and
     * tabs allowed around the fields (the user id keeps everything after its colon but leading
     * spaces, colons included).
     *
     * @param line the line
     * @return the response
     * @throws IdentParseException if the line is malformed
     */
    static IdentResponse parse(String line) {
        if (line.length() > MAX_RESPONSE_LENGTH) {
            throw new IdentParseException("response longer than " + MAX_RESPONSE_LENGTH + " characters");
        }
        if (IdentQuery.hasControl(line)) {
            throw new IdentParseException("CR, LF or NUL in a response");
        }
        int c1 = line.indexOf(':');
        int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
        if (c2 < 0) {
            throw new IdentParseException("a response has at least three colon-separated fields");
        }
        IdentQuery query;
        try {
            query = IdentQuery.parse(line.substring(0, c1));
        } catch (IdentParseException e) {
            throw new IdentParseException("bad port pair in response: " + e.getMessage());
        }
        String kind = IdentQuery.strip(line.substring(c1 + 1, c2)).toUpperCase(Locale.ROOT);
        switch (kind) {
            case "ERROR" -> {
                String token = IdentQuery.strip(line.substring(c2 + 1));
                if (token.isEmpty() || token.indexOf(':') >= 0) {
                    throw new IdentParseException("bad error token");
                }
                return new Error(query, IdentError.fromToken(token), token);
            }
            case "USERID" -> {
                int c3 = line.indexOf(':', c2 + 1);
                if (c3 < 0) {
                    throw new IdentParseException("USERID without a user id field");
                }
                String os = IdentQuery.strip(line.substring(c2 + 1, c3));
                String user = line.substring(c3 + 1);
                int lead = 0;
                while (lead < user.length() && (user.charAt(lead) == ' ' || user.charAt(lead) == '\t')) {
                    lead++;
                }
                user = user.substring(lead);
                if (os.isEmpty() || user.isEmpty()) {
                    throw new IdentParseException("empty operating system or user id");
                }
                return new UserId(query, new IdentUserId(os, user));
            }
            default -> throw new IdentParseException("response type must be USERID or ERROR");
        }
    }
}
