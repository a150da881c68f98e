package net.protocols.amp;

import java.math.BigDecimal;
import java.util.Locale;

/** Python's {@code repr(float)} and {@code float(str)}, which AMP's Float uses on the wire. */
final class PythonFloat {
    private PythonFloat() {}

    /** Formats a double as Python 3's repr does: the shortest round-tripping digits. */
    static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        // Java's Double.toString gives the shortest round-tripping digits too (JDK 19+); only
        // the layout differs.
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        if (d.precision() == 2) {
            // Java writes at least one fractional digit ("4.9E-324") where a single digit
            // round-trips ("5e-324"); Python writes the single digit.
            BigDecimal one = new BigDecimal(Math.abs(v)).round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (one.doubleValue() == Math.abs(v)) {
                d = one.stripTrailingZeros();
            }
        }
        String digits = d.unscaledValue().toString();
        // value = 0.digits × 10^decpt
        int decpt = digits.length() - d.scale();
        StringBuilder sb = new StringBuilder();
        if (v < 0) {
            sb.append('-');
        }
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            sb.append(String.format(Locale.ROOT, "%02d", Math.abs(exp)));
        }
        return sb.toString();
    }

    /** Parses as Python's float() does, for the forms a peer may send. */
    static double parse(String s) {
        String t = s.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        switch (unsigned) {
            case "inf", "infinity" -> {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> { }
        }
        // Refuse what Java accepts and Python does not: hex floats, type suffixes, "Infinity" spellings handled above.
        for (int i = 0; i < unsigned.length(); i++) {
            char c = unsigned.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != '-' && c != '+' && c != '_') {
                throw new IllegalArgumentException("not an AMP Float: '" + s + "'");
            }
        }
        try {
            return Double.parseDouble(t.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an AMP Float: '" + s + "'", e);
        }
    }
}
