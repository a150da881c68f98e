package bench.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command lines of the JVMs the driver starts: the same flags for every server and
 * for the load generator, each pinned to its own core with {@code taskset} when the machine has
 * two cores or more and {@code taskset} is installed.
 */
final class Jvm {

    /**
     * The flags of every JVM: the serial collector (one core each, no GC threads competing with
     * the event loop), a fixed pre-touched heap so that resident memory grows only by what lives
     * outside the heap (see the idle workload), native access for Netty's epoll library, and no
     * leak-detection sampling in Netty (its default costs allocation per buffer).
     */
    static final List<String> FLAGS = List.of(
            "-XX:+UseSerialGC",
            "-Xms256m",
            "-Xmx256m",
            "-Xmn64m",
            "-XX:+AlwaysPreTouch",
            "--enable-native-access=ALL-UNNAMED",
            "-Dio.netty.leakDetection.level=disabled");

    /** The core the servers run on, unless {@link #pinnedTo} says otherwise. */
    static final String SERVER_CORE = "1";

    /** The core the load generator runs on, unless {@link #pinnedTo} says otherwise. */
    static final String LOAD_CORE = "0";

    private String serverCores = SERVER_CORE;
    private String loadCores = LOAD_CORE;

    private final boolean pinned;

    Jvm() {
        this.pinned = Runtime.getRuntime().availableProcessors() >= 2 && taskset() != null;
    }

    /**
     * Pins the servers and the load generator to these cores instead (taskset lists, such as
     * {@code 2,3} or {@code 4-7}): for a machine with more than two cores.
     *
     * @return this
     */
    Jvm pinnedTo(String serverCores, String loadCores) {
        this.serverCores = serverCores;
        this.loadCores = loadCores;
        return this;
    }

    /** The cores the servers run on (a taskset list). */
    String serverCores() {
        return serverCores;
    }

    /** The cores the load generator runs on (a taskset list). */
    String loadCores() {
        return loadCores;
    }

    /** Whether JVMs are pinned to cores; when not, {@link #pinningNote()} says why. */
    boolean pinned() {
        return pinned;
    }

    String pinningNote() {
        if (pinned) {
            return "servers on core " + serverCores + ", load generator on core " + loadCores + " (taskset)";
        }
        if (taskset() == null) {
            return "not pinned: taskset is not installed";
        }
        return "not pinned: fewer than two cores";
    }

    /** A JVM's command line, pinned to {@code cores} (a taskset list) when this machine pins. */
    List<String> command(String cores, String mainClass, List<String> args) {
        return javaCommand(pinned ? cores : null, mainClass, args);
    }

    /**
     * A JVM's command line with the shared flags and this process's class path, pinned to
     * {@code cores} (a taskset list) or, when null, not pinned.
     */
    static List<String> javaCommand(@org.jspecify.annotations.Nullable String cores, String mainClass,
            List<String> args) {
        List<String> command = new ArrayList<>();
        if (cores != null) {
            Path taskset = taskset();
            command.addAll(List.of(taskset == null ? "taskset" : taskset.toString(), "-c", cores));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * A command line for a program that is not a JVM (the Twisted server), pinned as the JVMs are.
     */
    List<String> nativeCommand(String cores, List<String> program) {
        List<String> command = new ArrayList<>();
        if (pinned) {
            command.addAll(List.of(taskset().toString(), "-c", cores));
        }
        command.addAll(program);
        return command;
    }

    private static Path taskset() {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(directory, "taskset");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
