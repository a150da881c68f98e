package net.reactor.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.deferred.Deferred;
import net.reactor.ReactorProcess;
import org.jspecify.annotations.Nullable;

/**
 * Runs a child process and collects what it produced into a Deferred (Twisted's
 * {@code twisted.internet.utils}): {@link #getProcessOutput}, {@link #getProcessValue},
 * {@link #getProcessOutputAndValue}. The child's stdin is closed at once.
 *
 * {@snippet :
 * ProcessOutput.getProcessOutput(reactor, "/bin/echo", List.of("echo", "hello"))
 *         .addCallback(out -> {
 *             System.out.print(new String(out, java.nio.charset.StandardCharsets.UTF_8));
 *             return null;
 *         });
 * }
 *
 * <p><b>Threading:</b> call on the reactor thread; the Deferreds fire there.
 */
public final class ProcessOutput {
    private ProcessOutput() {}

    /**
     * What a child wrote and how it ended.
     *
     * @param out everything it wrote to stdout
     * @param err everything it wrote to stderr
     * @param reason how it ended: {@link ProcessDoneException} or {@link ProcessTerminatedException}
     */
    public record Result(byte[] out, byte[] err, ProcessExitException reason) {
        /**
         * The status as the JDK reports it: the exit code, 128 + n for signal n.
         *
         * @return the status
         */
        public int status() {
            return reason.status();
        }
    }

    /**
     * Runs the child with an empty environment and returns its stdout; anything on stderr fails
     * the Deferred.
     *
     * @param reactor where to spawn it
     * @param executable the program
     * @param args the argument vector, {@code args.get(0)} being the program's name
     * @return fires with the stdout bytes once the child has ended, whatever its exit status;
     *     fails with {@link ProcessStderrException} as soon as it writes to stderr
     */
    public static Deferred<byte[]> getProcessOutput(ReactorProcess reactor, String executable, List<String> args) {
        return getProcessOutput(reactor, executable, args, Map.of(), null, false);
    }

    /**
     * Runs the child and returns its stdout (Twisted's getProcessOutput).
     *
     * @param reactor where to spawn it
     * @param executable the program
     * @param args the argument vector
     * @param env the environment, {@code null} for this JVM's
     * @param path the working directory, {@code null} for this JVM's
     * @param errToo true to collect stderr into the result as well (interleaved as it arrives);
     *     false to fail on stderr
     * @return fires with the output once the child has ended, whatever its exit status; with
     *     {@code errToo} false it fails with {@link ProcessStderrException} as soon as the child
     *     writes to stderr (the child then runs on to its end, its output dropped)
     */
    public static Deferred<byte[]> getProcessOutput(ReactorProcess reactor, String executable, List<String> args,
            @Nullable Map<String, String> env, @Nullable Path path, boolean errToo) {
        Deferred<byte[]> d = new Deferred<>();
        reactor.spawnProcess(new ProcessProtocol() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private boolean failed;

            @Override
            public void connectionMade() {
                transport().closeStdin();
            }

            @Override
            public void outReceived(byte[] data) {
                out.writeBytes(data);
            }

            @Override
            public void errReceived(byte[] data) {
                if (errToo) {
                    out.writeBytes(data);
                } else if (!failed) {
                    failed = true;
                    d.errback(new ProcessStderrException(executable + " wrote to stderr: "
                            + new String(data, 0, Math.min(data.length, 200), StandardCharsets.UTF_8)));
                }
            }

            @Override
            public void processEnded(ProcessExitException reason) {
                if (!failed) {
                    d.callback(out.toByteArray());
                }
            }
        }, executable, args, env, path);
        return d;
    }

    /**
     * Runs the child and returns its exit status (Twisted's getProcessValue); output is dropped.
     *
     * @param reactor where to spawn it
     * @param executable the program
     * @param args the argument vector
     * @param env the environment, {@code null} for this JVM's; {@code Map.of()} for an empty one
     * @param path the working directory, {@code null} for this JVM's
     * @return fires with the status once the child has ended: the exit code, or 128 + n when
     *     signal n ended it (Twisted gives None there)
     */
    public static Deferred<Integer> getProcessValue(ReactorProcess reactor, String executable, List<String> args,
            @Nullable Map<String, String> env, @Nullable Path path) {
        return getProcessOutputAndValue(reactor, executable, args, env, path).addCallback(Result::status);
    }

    /**
     * Runs the child and returns its stdout, its stderr and how it ended (Twisted's
     * getProcessOutputAndValue; Twisted errbacks when a signal ended the child, this fires with
     * the reason in the result either way).
     *
     * @param reactor where to spawn it
     * @param executable the program
     * @param args the argument vector
     * @param env the environment, {@code null} for this JVM's; {@code Map.of()} for an empty one
     * @param path the working directory, {@code null} for this JVM's
     * @return fires with the result once the child has ended
     */
    public static Deferred<Result> getProcessOutputAndValue(ReactorProcess reactor, String executable,
            List<String> args, @Nullable Map<String, String> env, @Nullable Path path) {
        Deferred<Result> d = new Deferred<>();
        reactor.spawnProcess(new ProcessProtocol() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();
            private final ByteArrayOutputStream err = new ByteArrayOutputStream();

            @Override
            public void connectionMade() {
                transport().closeStdin();
            }

            @Override
            public void outReceived(byte[] data) {
                out.writeBytes(data);
            }

            @Override
            public void errReceived(byte[] data) {
                err.writeBytes(data);
            }

            @Override
            public void processEnded(ProcessExitException reason) {
                d.callback(new Result(out.toByteArray(), err.toByteArray(), reason));
            }
        }, executable, args, env, path);
        return d;
    }
}
