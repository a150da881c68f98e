package net.protocols.internal.ftp;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.protocols.ftp.FileInfo;

/**
 * The text forms of a {@link FileInfo}: an {@code ls -l} line for LIST and STAT (the format every
 * client parses), RFC 3659 facts for MLSD and MLST, and MDTM's timestamp. Times are UTC.
 */
public final class Listings {
    private static final DateTimeFormatter RECENT =
            DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OLD =
            DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FACT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Duration SIX_MONTHS = Duration.ofDays(182);

    private Listings() {}

    /**
     * One {@code ls -l} line.
     *
     * @param info the entry
     * @param now the current time, to choose between the hour and the year
     * @return e.g. {@code -rw-r--r--   1 ftp      ftp          1234 Dec 06 19:20 name}
     */
    public static String longLine(FileInfo info, Instant now) {
        char kind = switch (info.type()) {
            case DIRECTORY -> 'd';
            case FILE -> '-';
            case OTHER -> '?';
        };
        boolean recent = info.modified().isAfter(now.minus(SIX_MONTHS)) && !info.modified().isAfter(now.plusSeconds(3600));
        String when = (recent ? RECENT : OLD).format(info.modified());
        return String.format(Locale.ROOT, "%c%s %3d %-8s %-8s %12d %s %s",
                kind, permissions(info.mode()), info.isDirectory() ? 2 : 1, info.owner(), info.group(),
                info.size(), when, info.name());
    }

    /**
     * The RFC 3659 facts and name of an entry, as one MLSD line (MLST puts a space first).
     *
     * @param info the entry
     * @param name the name to show: the entry's name for MLSD, its path for MLST
     * @param type the {@code type} fact: {@code file}, {@code dir}, {@code cdir}, {@code pdir}
     * @return e.g. {@code type=file;size=12;modify=20261206192000;perm=adfrw;unix.mode=0644; a.txt}
     */
    public static String facts(FileInfo info, String name, String type) {
        StringBuilder b = new StringBuilder();
        b.append("type=").append(type).append(';');
        if (info.isFile()) {
            b.append("size=").append(info.size()).append(';');
        }
        b.append("modify=").append(timestamp(info.modified())).append(';');
        b.append("perm=").append(perm(info)).append(';');
        b.append("unix.mode=").append(String.format(Locale.ROOT, "0%o", info.mode() & 07777)).append(';');
        return b.append(' ').append(name).toString();
    }

    /**
     * The type fact of an entry.
     *
     * @param info the entry
     * @return {@code file}, {@code dir} or {@code OS.unix=other}
     */
    public static String type(FileInfo info) {
        return switch (info.type()) {
            case FILE -> "file";
            case DIRECTORY -> "dir";
            case OTHER -> "OS.unix=other";
        };
    }

    /**
     * MDTM's and MLST's time form.
     *
     * @param time the time
     * @return {@code YYYYMMDDHHMMSS}, UTC
     */
    public static String timestamp(Instant time) {
        return FACT_TIME.format(time);
    }

    /**
     * The owner's bits of the mode as RFC 3659 perm letters: what the client may try.
     */
    private static String perm(FileInfo info) {
        boolean read = (info.mode() & 0400) != 0;
        boolean write = (info.mode() & 0200) != 0;
        if (info.isDirectory()) {
            return (write ? "cdfmp" : "") + (read ? "el" : "e");
        }
        return (write ? "adfw" : "") + (read ? "r" : "");
    }

    private static String permissions(int mode) {
        char[] c = new char[9];
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            c[i] = (mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-';
        }
        return new String(c);
    }
}
