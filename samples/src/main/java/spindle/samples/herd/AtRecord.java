package spindle.samples.herd;

import java.math.BigDecimal;

/**
 * What the herd knows about a client: the AT line of its latest IAMAT.
 *
 * @param server the server that first received the IAMAT (kept as the record is flooded)
 * @param timeDifference that server's receive time minus the client's time, as sent:
 *     {@code +0.263873386}
 * @param client the client's name
 * @param locationText the location exactly as the client sent it
 * @param location the parsed location
 * @param clientTimeText the client's POSIX time exactly as the client sent it
 * @param clientTime the same, as a number: a record is newer when this is larger
 */
record AtRecord(
        String server,
        String timeDifference,
        String client,
        String locationText,
        Location location,
        String clientTimeText,
        BigDecimal clientTime) {

    /**
     * The longest AT line the parser accepts, in bytes: "AT", the longest server name, a
     * difference and a time of 15 + 15 digits with sign and point, a name of
     * {@link Command#MAX_NAME_BYTES}, the longest ISO 6709 location, and five spaces. Checked by a
     * test to be below {@link HerdProtocol#MAX_LINE}, the limit of every connection, links included.
     */
    static final int MAX_LINE_BYTES = 2 + 8 + 33 + Command.MAX_NAME_BYTES + 39 + 32 + 5;

    /** {@code AT SERVER DIFF CLIENT LOCATION TIME}. */
    String line() {
        return "AT " + server + " " + timeDifference + " " + client + " " + locationText + " " + clientTimeText;
    }

    /** Whether this record is strictly newer than {@code other} (by the client's time). */
    boolean newerThan(AtRecord other) {
        return clientTime.compareTo(other.clientTime) > 0;
    }
}
