package spindle.samples.herd;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A point on Earth in decimal degrees, written as in ISO 6709 with a sign before each number:
 * {@code +34.068930-118.445127} (latitude, then longitude).
 *
 * @param latitude degrees north (negative: south), -90 to 90
 * @param longitude degrees east (negative: west), -180 to 180
 */
record Location(double latitude, double longitude) {
    private static final Pattern ISO_6709 =
            Pattern.compile("([+-]\\d{1,2}(?:\\.\\d{1,15})?)([+-]\\d{1,3}(?:\\.\\d{1,15})?)");

    Location {
        if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) {
            throw new IllegalArgumentException("not a location: " + latitude + ", " + longitude);
        }
    }

    /** Parses {@code +DD.dddd+DDD.dddd}; null if the text is not such a point, or out of range. */
    static @Nullable Location parse(String text) {
        Matcher m = ISO_6709.matcher(text);
        if (!m.matches()) {
            return null;
        }
        double lat = Double.parseDouble(m.group(1));
        double lon = Double.parseDouble(m.group(2));
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
            return null;
        }
        return new Location(lat, lon);
    }

    /** This point as {@code +DD.dddddd+DDD.dddddd}. */
    String iso6709() {
        return String.format(Locale.ROOT, "%+.6f%+.6f", latitude, longitude);
    }
}
