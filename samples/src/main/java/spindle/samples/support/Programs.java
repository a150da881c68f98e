package spindle.samples.support;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import net.reactor.Address;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Reactor;
import net.reactor.ReactorGroup;
import net.reactor.ReactorOptions;
import net.reactor.UNIXAddress;

/**
 * The few things every sample program does the same way.
 *
 * <p>Threading: {@link #reactor(String)} on the main thread; {@link #announce} on the reactor
 * thread (typically from {@code callWhenRunning}); {@link #hostPort} anywhere.
 */
public final class Programs {
    /** The interface servers listen on unless {@code --interface} says otherwise. */
    public static final String DEFAULT_INTERFACE = "127.0.0.1";

    private Programs() {}

    /**
     * A reactor for a program: named after it, and stopped gracefully on SIGINT and SIGTERM, so
     * Ctrl-C runs the shutdown triggers (factories stop, pools close, connections end) before the
     * JVM exits.
     *
     * @param name the program's name, used in thread names and log messages
     * @return a new reactor, not yet running
     */
    public static Reactor reactor(String name) {
        return Reactor.create(options(name));
    }

    /**
     * A group of {@code size} reactors as the samples set them up ({@code --reactors N}): the same
     * settings as {@link #reactor}, member 0 handling SIGINT and SIGTERM for the whole group.
     *
     * @param name the group's name; member {@code i} is {@code name-i}
     * @param size how many reactors
     * @return a new group, not yet running
     */
    public static ReactorGroup group(String name, int size) {
        return ReactorGroup.create(size, options(name));
    }

    private static ReactorOptions options(String name) {
        return ReactorOptions.defaults()
                .withName(name)
                .withInstallSignalHandlers(true)
                .withShutdownTimeout(Duration.ofSeconds(5));
    }

    /**
     * Prints the one line a server prints once it accepts connections,
     * {@code listening on HOST:PORT}, and flushes it, so a script or a test can wait for it.
     *
     * @param port the listening port
     */
    public static void announce(ListeningPort port) {
        PrintStream out = System.out;
        out.println("listening on " + hostPort(port.getHost()));
        out.flush();
    }

    /**
     * The port of an IP address.
     *
     * @param address an IPv4 or IPv6 address
     * @return its port
     * @throws IllegalArgumentException for a UNIX address, which has no port
     */
    public static int port(Address address) {
        return switch (address) {
            case IPv4Address a -> a.port();
            case IPv6Address a -> a.port();
            case UNIXAddress a -> throw new IllegalArgumentException("a UNIX address has no port: " + a);
        };
    }

    /**
     * An address as {@code HOST:PORT}, with IPv6 hosts in brackets.
     *
     * @param address an address
     * @return its text form
     */
    public static String hostPort(Address address) {
        Objects.requireNonNull(address, "address");
        return switch (address) {
            case IPv4Address a -> a.host() + ":" + a.port();
            case IPv6Address a -> "[" + a.host() + "]:" + a.port();
            case UNIXAddress a -> String.valueOf(a.path());
        };
    }
}
