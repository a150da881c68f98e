package spindle.samples.support;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The samples' logging back end: every {@link System.Logger} in the program (Spindle's and the
 * samples') writes one line per message to standard error, {@code 04:09:06.123 INFO message},
 * followed by the stack trace of a throwable if there is one. The samples' module provides it as
 * the {@link System.LoggerFinder} service, which is how an application picks where
 * {@code System.Logger} output goes.
 *
 * <p>Why not the JDK's default (java.util.logging): its one-line format is two lines, and its
 * {@code LogManager} resets its handlers in a shutdown hook of its own. The reactor stops on
 * Ctrl-C or SIGTERM before the JVM shuts down, so the JDK's default would show that stop too;
 * but after {@code System.exit} (the shutdown-hook path) only a back end like this one, which
 * keeps logging until the JVM exits, still shows what a sample logs while it closes.
 *
 * <p>The threshold is INFO; the system property {@code spindle.samples.log.level} (a
 * {@link Level} name such as {@code DEBUG} or {@code WARNING}) changes it. Thread-safe: each
 * message is written with one call.
 */
public final class ConsoleLoggerFinder extends System.LoggerFinder {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private final Level threshold;

    /** Creates the finder; the JDK's {@link java.util.ServiceLoader} calls this once. */
    public ConsoleLoggerFinder() {
        this.threshold = parseLevel(System.getProperty("spindle.samples.log.level", "INFO"));
    }

    /**
     * A logger that writes to standard error.
     *
     * @param name the logger's name
     * @param module the module asking (every module gets the same kind of logger)
     * @return the logger
     */
    @Override
    public System.Logger getLogger(String name, Module module) {
        Objects.requireNonNull(module, "module");
        return new ConsoleLogger(Objects.requireNonNull(name, "name"), threshold);
    }

    private static Level parseLevel(String name) {
        try {
            return Level.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    /** One named logger; all of them share standard error. */
    private record ConsoleLogger(String name, Level threshold) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String msg, @Nullable Throwable thrown) {
            if (isLoggable(level)) {
                write(level, localized(bundle, msg), thrown);
            }
        }

        @Override
        public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String format, @Nullable Object... params) {
            if (isLoggable(level)) {
                String pattern = localized(bundle, format);
                String text = params == null || params.length == 0 ? pattern
                        : new MessageFormat(pattern, Locale.ROOT).format(params);
                write(level, text, null);
            }
        }

        @Override
        public void log(Level level, Supplier<String> supplier) {
            if (isLoggable(level)) {
                write(level, supplier.get(), null);
            }
        }

        private static String localized(@Nullable ResourceBundle bundle, @Nullable String key) {
            if (key == null) {
                return "";
            }
            if (bundle != null && bundle.containsKey(key)) {
                return bundle.getString(key);
            }
            return key;
        }

        private static void write(Level level, String message, @Nullable Throwable thrown) {
            StringBuilder line = new StringBuilder()
                    .append(LocalTime.now().format(TIME)).append(' ')
                    .append(level.getName()).append(' ')
                    .append(message).append(System.lineSeparator());
            if (thrown != null) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            PrintStream err = System.err;
            err.print(line);
            err.flush();
        }
    }
}
