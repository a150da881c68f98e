package net.reactor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTransport;
import org.jspecify.annotations.Nullable;

/**
 * Child processes (Twisted's IReactorProcess).
 *
 * <p>Each child's stdin, stdout and stderr are pipes, each pumped by a daemon platform thread of its own
 * (Java cannot select on pipes); everything reaches the protocol on the reactor thread. The JDK
 * reaps every child, so none is left a zombie. When the reactor stops, its running children get
 * SIGTERM, then, still alive after {@link #STOP_GRACE} (or half the shutdown timeout, if that is shorter), SIGKILL.
 *
 * <p>What Java cannot do without native code is refused with
 * {@link UnsupportedOperationException}: a pseudo-terminal ({@code usePTY}), file descriptors
 * beyond 0, 1 and 2 in {@code childFDs}, and a different {@code argv[0]}: the child's
 * {@code argv[0]} is always {@code executable}.
 *
 * <p><b>Threading:</b> reactor thread (or, before the reactor runs, its creating thread).
 */
public interface ReactorProcess {

    /** How long stopping the reactor waits for children to exit after SIGTERM before SIGKILL. */
    java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(3);

    /**
     * Starts {@code executable} with an empty environment in the current directory.
     *
     * @param protocol receives the child's events; {@code makeConnection} is called before this
     *     returns
     * @param executable the program: a path, or a name looked up in this JVM's {@code PATH}
     * @param args the argument vector, Twisted's form: {@code args.get(0)} is the program's name
     *     (Java sets {@code argv[0]} to {@code executable}, so it is not passed), the rest its arguments
     * @return the child's transport
     * @throws java.io.UncheckedIOException if the program cannot be started (not found, not
     *     executable)
     */
    default ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args) {
        return spawnProcess(protocol, executable, args, Map.of(), null, false, null);
    }

    /**
     * Starts {@code executable} with the given environment and working directory.
     *
     * @param protocol receives the child's events
     * @param executable the program
     * @param args the argument vector, {@code args.get(0)} being the program's name
     * @param env the child's complete environment; {@code null} passes this JVM's own
     *     environment (Twisted's {@code env=None}); the shorter overload passes an empty one
     *     (Twisted's default on POSIX)
     * @param path the working directory, {@code null} for this JVM's
     * @return the child's transport
     * @throws java.io.UncheckedIOException if the program cannot be started
     */
    default ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args,
            @Nullable Map<String, String> env, @Nullable Path path) {
        return spawnProcess(protocol, executable, args, env, path, false, null);
    }

    /**
     * Starts {@code executable}: Twisted's full {@code spawnProcess}.
     *
     * @param protocol receives the child's events
     * @param executable the program
     * @param args the argument vector, {@code args.get(0)} being the program's name
     * @param env the child's complete environment, {@code null} for this JVM's
     * @param path the working directory, {@code null} for this JVM's
     * @param usePTY must be false: Java cannot open a pseudo-terminal without native code
     * @param childFDs {@code null}, or Twisted's default mapping {@code {0: "w", 1: "r", 2: "r"}}
     *     (or part of it); other descriptors cannot be passed to a child from Java
     * @return the child's transport
     * @throws UnsupportedOperationException if {@code usePTY} is true or {@code childFDs} asks
     *     for something other than the three standard pipes
     * @throws java.io.UncheckedIOException if the program cannot be started
     * @throws ReactorNotRunningException if the reactor is stopping
     */
    ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args,
            @Nullable Map<String, String> env, @Nullable Path path, boolean usePTY,
            @Nullable Map<Integer, String> childFDs);
}
