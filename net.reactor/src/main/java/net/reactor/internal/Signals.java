package net.reactor.internal;

import java.util.Locale;
import java.util.Map;

/** The signal names {@code ProcessTransport.signalProcess} accepts, with their Linux numbers. */
public final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ABRT", 6),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("CONT", 18),
            Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("WINCH", 28));

    private Signals() {}

    /**
     * The number of a signal.
     *
     * @param name "TERM" or "SIGTERM", any case
     * @return its Linux number
     * @throws IllegalArgumentException if the name is not known
     */
    public static int number(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        Integer v = NUMBERS.get(n);
        if (v == null) {
            throw new IllegalArgumentException("unknown signal " + name + "; known: " + NUMBERS.keySet());
        }
        return v;
    }

    /**
     * The name of a signal.
     *
     * @param number the signal's number
     * @return "SIGTERM", or "signal N" for one not in the table
     */
    public static String name(int number) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == number) {
                return "SIG" + e.getKey();
            }
        }
        return "signal " + number;
    }
}
