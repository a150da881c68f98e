package bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The soak's settings, from the command line.
 *
 * @param duration how long the load runs
 * @param warmup samples before this are not judged
 * @param every the time between samples
 * @param connections connections open at once
 * @param thinkMillis the mean pause between two exchanges on one connection
 * @param maxExchanges the most exchanges one connection makes before it closes
 * @param out where the CSV, the plot, the report and the server's log go
 */
record SoakSettings(Duration duration, Duration warmup, Duration every, int connections, int thinkMillis,
        int maxExchanges, Path out) {

    static final String USAGE = """
            usage: bench/run --soak [--quick | --hour | --minutes M | --seconds S] [--connections N]
                                    [--every S] [--warmup S] [--think-ms MS] [--max-exchanges N] [--out DIR]
              (default)        10 minutes, 1,000 connections, a sample every 5 s, 2 minutes' warm-up;
                               writes bench/results/<date>-soak/
              --quick          60 s, a sample every 2 s, 20 s warm-up; writes bench/target/soak-quick/
              --hour           60 minutes, a sample every 10 s, 5 minutes' warm-up""";

    /**
     * Parses the options.
     *
     * @param args the command line after {@code --soak}
     * @param benchDirectory the bench module's directory (for the default output)
     * @return the settings
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static SoakSettings parse(String[] args, Path benchDirectory) {
        Duration duration = Duration.ofMinutes(10);
        Duration warmup = null;
        Duration every = null;
        int connections = 1000;
        int think = 200;
        int maxExchanges = 40;
        Path out = null;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> {
                    quick = true;
                    duration = Duration.ofSeconds(60);
                }
                case "--hour" -> duration = Duration.ofHours(1);
                case "--minutes" -> duration = Duration.ofSeconds(Math.round(60 * number(args, ++i, option)));
                case "--seconds" -> duration = Duration.ofSeconds(Math.round(number(args, ++i, option)));
                case "--warmup" -> warmup = Duration.ofSeconds(Math.round(number(args, ++i, option)));
                case "--every" -> every = Duration.ofMillis(Math.round(1000 * number(args, ++i, option)));
                case "--connections" -> connections = (int) number(args, ++i, option);
                case "--think-ms" -> think = (int) number(args, ++i, option);
                case "--max-exchanges" -> maxExchanges = (int) number(args, ++i, option);
                case "--out" -> out = Path.of(value(args, ++i, option));
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (every == null) {
            every = duration.compareTo(Duration.ofMinutes(2)) <= 0 ? Duration.ofSeconds(2)
                    : duration.compareTo(Duration.ofMinutes(30)) < 0 ? Duration.ofSeconds(5) : Duration.ofSeconds(10);
        }
        if (warmup == null) {
            // A third of a short run, a fifth of a long one, never more than 5 minutes.
            warmup = duration.compareTo(Duration.ofMinutes(2)) <= 0 ? duration.dividedBy(3)
                    : Duration.ofSeconds(Math.min(300, duration.toSeconds() / 5));
        }
        if (out == null) {
            out = quick ? benchDirectory.resolve("target/soak-quick")
                    : benchDirectory.resolve("results/" + LocalDate.now(ZoneOffset.UTC) + "-soak");
        }
        if (duration.isNegative() || duration.isZero() || every.isNegative() || every.isZero() || connections < 1
                || think < 0 || maxExchanges < 1 || warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("bad settings: duration " + duration + ", warm-up " + warmup
                    + ", every " + every + ", connections " + connections + ", think " + think
                    + " ms, exchanges " + maxExchanges + "\n" + USAGE);
        }
        return new SoakSettings(duration, warmup, every, connections, think, maxExchanges, out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static double number(String[] args, int i, String option) {
        try {
            return Double.parseDouble(value(args, i, option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not " + args[i] + "\n" + USAGE);
        }
    }
}
