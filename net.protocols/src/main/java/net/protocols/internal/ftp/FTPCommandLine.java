package net.protocols.internal.ftp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One parsed control-connection line: a verb (upper case, ASCII letters) and its argument, or
 * the reason the line is not a command. Telnet IAC sequences at the start (the IP and Synch that
 * classic clients send before ABOR) are skipped; the argument is everything after the first space,
 * spaces kept (file names have them), decoded as strict UTF-8 (RFC 2640).
 */
public sealed interface FTPCommandLine {

    /** The longest verb accepted; FTP's are 3 or 4 letters. */
    int MAX_VERB = 8;

    /**
     * A command.
     *
     * @param verb upper-case ASCII letters, 1 to {@link #MAX_VERB}
     * @param argument what followed the first space, possibly empty; never holds CR or LF
     */
    record Command(String verb, String argument) implements FTPCommandLine {}

    /**
     * A line that is not a command.
     *
     * @param reply the reply code to answer (500 or 501)
     * @param text the reply text
     */
    record Invalid(int reply, String text) implements FTPCommandLine {}

    /**
     * Parses one line, without its CRLF.
     *
     * @param line the bytes; not kept
     * @return the command, or why it is not one
     */
    static FTPCommandLine parse(byte[] line) {
        int start = 0;
        // Telnet: IAC (255) followed by one command byte (IP 244, DM 242, ...); also a lone
        // DM after an urgent IAC. Skip them at the start of the line only.
        while (start < line.length) {
            int b = line[start] & 0xff;
            if (b == 255 && start + 1 < line.length) {
                start += 2;
            } else if (b == 242 || b == 244) {
                start += 1;
            } else {
                break;
            }
        }
        int end = line.length;
        // A bare LF client or a stray CR: tolerate one trailing CR.
        if (end > start && line[end - 1] == '\r') {
            end--;
        }
        int space = start;
        while (space < end && line[space] != ' ') {
            space++;
        }
        int verbLength = space - start;
        if (verbLength == 0 || verbLength > MAX_VERB) {
            return new Invalid(500, "Syntax error, command unrecognized.");
        }
        StringBuilder verb = new StringBuilder(verbLength);
        for (int i = start; i < space; i++) {
            int c = line[i] & 0xff;
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return new Invalid(500, "Syntax error, command unrecognized.");
            }
            verb.append((char) c);
        }
        String argument = "";
        if (space < end) {
            for (int i = space + 1; i < end; i++) {
                if (line[i] == '\r' || line[i] == '\n') {
                    return new Invalid(501, "Line breaks are not allowed in an argument.");
                }
            }
            try {
                argument = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(line, space + 1, end - space - 1))
                        .toString();
            } catch (CharacterCodingException e) {
                return new Invalid(501, "The argument is not valid UTF-8.");
            }
        }
        return new Command(verb.toString().toUpperCase(Locale.ROOT), argument);
    }
}
