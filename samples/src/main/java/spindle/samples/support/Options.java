package spindle.samples.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A sample's command-line options: {@code --name value}, {@code --name=value} and bare
 * {@code --flag}s. Each sample asks for the options it knows, then calls {@link #finish()}, which
 * refuses whatever was not asked for, so a typo is an error rather than silently ignored.
 *
 * {@snippet :
 * Options options = new Options(args);
 * int port = options.intValue("--port", 8000);
 * String host = options.value("--interface", "127.0.0.1");
 * options.finish();
 * }
 *
 * <p>Not thread-safe; a program's main thread uses it once, at start-up.
 */
public final class Options {
    private final List<String> args;
    private final boolean[] used;

    /**
     * Wraps a program's arguments.
     *
     * @param args the arguments after the sample's name
     */
    public Options(String[] args) {
        this.args = List.of(Objects.requireNonNull(args, "args"));
        this.used = new boolean[args.length];
    }

    /**
     * The value of an option, or a default when it is absent. Given twice, the last one wins.
     *
     * @param name the option, with its dashes, e.g. {@code --interface}
     * @param defaultValue what to return when the option is absent
     * @return the value
     * @throws UsageException if the option is given without a value
     */
    public String value(String name, String defaultValue) {
        String v = valueOrNull(name);
        return v == null ? defaultValue : v;
    }

    /**
     * The value of an option, or null when it is absent.
     *
     * @param name the option, with its dashes
     * @return the value, or null
     * @throws UsageException if the option is given without a value
     */
    public @Nullable String valueOrNull(String name) {
        String found = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                used[i] = true;
                used[i + 1] = true;
                found = args.get(++i);
            } else if (a.startsWith(name + "=")) {
                used[i] = true;
                found = a.substring(name.length() + 1);
            }
        }
        return found;
    }

    /**
     * Every value of a repeatable option, in the order given.
     *
     * @param name the option, with its dashes
     * @return the values; empty when the option is absent
     * @throws UsageException if the option is given without a value
     */
    public java.util.List<String> values(String name) {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                used[i] = true;
                used[i + 1] = true;
                found.add(args.get(++i));
            } else if (a.startsWith(name + "=")) {
                used[i] = true;
                found.add(a.substring(name.length() + 1));
            }
        }
        return found;
    }

    /**
     * The value of an integer option, or a default when it is absent.
     *
     * @param name the option, with its dashes
     * @param defaultValue what to return when the option is absent
     * @return the value
     * @throws UsageException if the value is not an integer
     */
    public int intValue(String name, int defaultValue) {
        String v = valueOrNull(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs an integer, not \"" + v + "\"");
        }
    }

    /**
     * The value of a port option: 0 (any free port) to 65535.
     *
     * @param name the option, with its dashes
     * @param defaultValue the port to use when the option is absent
     * @return the port
     * @throws UsageException if the value is not a port number
     */
    public int port(String name, int defaultValue) {
        int port = intValue(name, defaultValue);
        if (port < 0 || port > 65535) {
            throw new UsageException(name + " must be between 0 and 65535, not " + port);
        }
        return port;
    }

    /**
     * Whether a flag is present.
     *
     * @param name the flag, with its dashes, e.g. {@code --demo}
     * @return true if it was given
     */
    public boolean flag(String name) {
        boolean found = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(name)) {
                used[i] = true;
                found = true;
            }
        }
        return found;
    }

    /**
     * Whether the user asked for the sample's usage ({@code --help} or {@code -h}).
     *
     * @return true if the program should print its usage and exit
     */
    public boolean help() {
        return args.contains("--help") || args.contains("-h");
    }

    /**
     * Refuses every argument no option or flag has claimed.
     *
     * @throws UsageException naming the first unknown argument
     */
    public void finish() {
        for (int i = 0; i < args.size(); i++) {
            if (!used[i]) {
                throw new UsageException("unknown argument: " + args.get(i));
            }
        }
    }
}
