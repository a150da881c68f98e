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
import net.reactor.LogText;
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
        warmUp();
    }

    /**
     * Loads now what writing a line needs: the default time zone and its rules (the first
     * {@code LocalTime.now()} reads {@code /etc/localtime} and the JDK's {@code tzdb.dat}), the
     * message and stack-trace formatting classes. A server out of file descriptors logs exactly
     * then (the accept back-off's warning), and a logger that needs to open a file at that moment
     * throws ExceptionInInitializerError instead of logging (issue 20 §3).
     */
    private static void warmUp() {
        StringBuilder sink = new StringBuilder();
        sink.append(LocalTime.now().format(TIME));
        sink.append(new MessageFormat("{0} {1}", Locale.ROOT).format(new Object[] {"warm", 1}));
        ConsoleLogger.appendTrace(sink, new IllegalStateException("warm-up"));
        sink.append(LogText.escape("\u001b"));
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
            // The message may hold what a peer sent (a name, a line): control characters are
            // escaped so a peer cannot forge a line, colour the terminal or cut a line short.
            StringBuilder line = new StringBuilder()
                    .append(LocalTime.now().format(TIME)).append(' ')
                    .append(level.getName()).append(' ')
                    .append(LogText.escape(message)).append(System.lineSeparator());
            if (thrown != null) {
                appendTrace(line, thrown);
            }
            PrintStream err = System.err;
            err.print(line);
            err.flush();
        }

        /**
         * Appends the stack trace, each line escaped and indented: an exception's message may hold
         * peer data too, and an indented line cannot pass for a log line of its own.
         */
        static void appendTrace(StringBuilder line, Throwable thrown) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            for (String l : trace.toString().split("\\R")) {
                int tabs = 0;
                while (tabs < l.length() && l.charAt(tabs) == '\t') {
                    tabs++;
                }
                line.append("\t".repeat(Math.max(1, tabs))).append(LogText.escape(l.substring(tabs)))
                        .append(System.lineSeparator());
            }
        }
    }
}
