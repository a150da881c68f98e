package net.protocols.basic;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reference models for the fuzz tests: each parses a whole stream at once, written as plainly
 * as possible from Twisted's rules, so the receivers (which see the stream in arbitrary chunks)
 * can be checked against them.
 */
final class Models {
    private Models() {}

    /** What a receiver should have done with a whole stream. */
    record Outcome(List<byte[]> frames, boolean closed, byte[] remainder) {
        List<String> frameStrings() {
            return Text.strings(frames);
        }
    }

    static int indexOf(byte[] a, int from, byte[] pattern) {
        outer:
        for (int i = from; i + pattern.length <= a.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (a[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** LineReceiver: split at the first delimiter, again and again. */
    static Outcome lineReceiver(byte[] s, byte[] delimiter, int maxLength) {
        List<byte[]> lines = new ArrayList<>();
        int pos = 0;
        while (pos < s.length) {
            int at = indexOf(s, pos, delimiter);
            if (at < 0) {
                boolean tooLong = s.length - pos >= (long) maxLength + delimiter.length;
                return new Outcome(lines, tooLong, tooLong ? new byte[0] : Arrays.copyOfRange(s, pos, s.length));
            }
            if (at - pos > maxLength) {
                return new Outcome(lines, true, new byte[0]);
            }
            lines.add(Arrays.copyOfRange(s, pos, at));
            pos = at + delimiter.length;
        }
        return new Outcome(lines, false, new byte[0]);
    }

    /**
     * LineOnlyReceiver: split at every delimiter and check each line, then the tail. Unlike
     * LineReceiver's, the outcome depends on where reads end: after every read the unfinished
     * line, partial delimiter included, must not exceed the maximum (Twisted gives no allowance
     * for a delimiter split across reads), so a line is refused if a read ended inside it (or
     * inside its delimiter) more than {@code maxLength} bytes after its start.
     *
     * @param readEnds the offsets where the reads ended, ascending, the last being the length
     */
    static Outcome lineOnlyReceiver(byte[] s, byte[] delimiter, int maxLength, int[] readEnds) {
        List<byte[]> lines = new ArrayList<>();
        int pos = 0;
        int at;
        while ((at = indexOf(s, pos, delimiter)) >= 0) {
            int end = at + delimiter.length;
            if (at - pos > maxLength || readEndsBeyond(readEnds, pos, end - 1, maxLength)) {
                return new Outcome(lines, true, new byte[0]);
            }
            lines.add(Arrays.copyOfRange(s, pos, at));
            pos = end;
        }
        boolean tooLong = readEndsBeyond(readEnds, pos, s.length, maxLength);
        return new Outcome(lines, tooLong, Arrays.copyOfRange(s, pos, s.length));
    }

    /** Whether a read ended in {@code (start, last]} more than {@code maxLength} after start. */
    private static boolean readEndsBeyond(int[] readEnds, int start, int last, int maxLength) {
        for (int end : readEnds) {
            if (end > start && end <= last && end - start > maxLength) {
                return true;
            }
        }
        return false;
    }

    /** IntNStringReceiver: unsigned big-endian prefix, then the payload. */
    static Outcome intNStringReceiver(byte[] s, int prefixLength, int maxLength) {
        List<byte[]> strings = new ArrayList<>();
        int pos = 0;
        while (s.length - pos >= prefixLength) {
            long length = new BigInteger(1, Arrays.copyOfRange(s, pos, pos + prefixLength)).longValueExact();
            if (length > maxLength) {
                return new Outcome(strings, true, new byte[0]);
            }
            if (s.length - pos - prefixLength < length) {
                break;
            }
            strings.add(Arrays.copyOfRange(s, pos + prefixLength, pos + prefixLength + (int) length));
            pos += prefixLength + (int) length;
        }
        return new Outcome(strings, false, Arrays.copyOfRange(s, pos, s.length));
    }

    /** NetstringReceiver: {@code (0|[1-9][0-9]*):payload,} with the length at most maxLength. */
    static Outcome netstringReceiver(byte[] s, int maxLength) {
        List<byte[]> strings = new ArrayList<>();
        int pos = 0;
        BigInteger max = BigInteger.valueOf(maxLength);
        while (pos < s.length) {
            int digitsEnd = pos;
            while (digitsEnd < s.length && s[digitsEnd] >= '0' && s[digitsEnd] <= '9') {
                digitsEnd++;
            }
            int digits = digitsEnd - pos;
            if (digits == 0) {
                return new Outcome(strings, true, new byte[0]); // something other than a digit first
            }
            // Every prefix of the digits must be a valid length: no leading zero, within max.
            if (digits > 1 && s[pos] == '0') {
                return new Outcome(strings, true, new byte[0]);
            }
            BigInteger length = new BigInteger(new String(s, pos, digits, java.nio.charset.StandardCharsets.US_ASCII));
            if (length.compareTo(max) > 0) {
                return new Outcome(strings, true, new byte[0]);
            }
            if (digitsEnd == s.length) {
                break; // waiting for more digits or the colon
            }
            if (s[digitsEnd] != ':') {
                return new Outcome(strings, true, new byte[0]);
            }
            int n = length.intValueExact();
            int payload = digitsEnd + 1;
            if (s.length - payload < n + 1) {
                break; // waiting for the payload or the comma
            }
            if (s[payload + n] != ',') {
                return new Outcome(strings, true, new byte[0]);
            }
            strings.add(Arrays.copyOfRange(s, payload, payload + n));
            pos = payload + n + 1;
        }
        return new Outcome(strings, false, Arrays.copyOfRange(s, pos, s.length));
    }
}
