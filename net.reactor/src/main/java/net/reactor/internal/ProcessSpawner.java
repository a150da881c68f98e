package net.reactor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.deferred.Deferred;
import net.reactor.ReactorProcess;
import net.reactor.SystemEvent;
import net.reactor.TriggerPhase;
import net.reactor.process.ProcessProtocol;
import net.reactor.process.ProcessTransport;
import org.jspecify.annotations.Nullable;

/**
 * A reactor's child processes: starts them, sends signals, and at shutdown signals the children
 * still running (SIGTERM, then SIGKILL after a grace period) from a "before shutdown" trigger.
 *
 * <p>Threading: reactor thread (or the creating thread before it runs), except the counters.
 */
public final class ProcessSpawner {
    private static final Map<Integer, String> DEFAULT_CHILD_FDS = Map.of(0, "w", 1, "r", 2, "r");

    private final SelectReactor reactor;
    private final LinkedHashSet<ProcessConnection> running = new LinkedHashSet<>();
    /** Pipe threads and signal helpers alive now, for the leak tests. */
    private final AtomicInteger liveThreads = new AtomicInteger();
    private boolean triggerAdded;

    ProcessSpawner(SelectReactor reactor) {
        this.reactor = reactor;
    }

    ProcessTransport spawn(ProcessProtocol protocol, String executable, List<String> args,
            @Nullable Map<String, String> env, @Nullable Path path, boolean usePTY,
            @Nullable Map<Integer, String> childFDs) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(args, "args");
        reactor.checkThread("spawnProcess");
        reactor.checkNotClosing("spawnProcess");
        if (usePTY) {
            throw new UnsupportedOperationException("spawnProcess: usePTY=true needs a pseudo-terminal, which Java"
                    + " cannot open without native code; run the program with pipes (usePTY=false), or through"
                    + " 'script -qc COMMAND /dev/null' if it insists on a terminal");
        }
        if (childFDs != null) {
            for (Map.Entry<Integer, String> e : childFDs.entrySet()) {
                if (!e.getValue().equals(DEFAULT_CHILD_FDS.get(e.getKey()))) {
                    throw new UnsupportedOperationException("spawnProcess: childFDs " + childFDs + " asks for "
                            + e.getKey() + "=" + e.getValue() + "; Java gives a child only its stdin ('w'), stdout"
                            + " ('r') and stderr ('r') as pipes, and passes no other descriptor");
                }
            }
        }
        List<String> command = new ArrayList<>(Math.max(1, args.size()));
        command.add(executable);
        if (args.size() > 1) {
            command.addAll(args.subList(1, args.size()));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        if (env != null) {
            Map<String, String> childEnv = pb.environment();
            childEnv.clear();
            childEnv.putAll(env);
        }
        if (path != null) {
            pb.directory(path.toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("spawnProcess: cannot start " + executable + ": " + e.getMessage(), e);
        }
        addShutdownTrigger();
        ProcessConnection c = new ProcessConnection(reactor, this, process, protocol, String.join(" ", command),
                liveThreads);
        running.add(c);
        c.start();
        return c;
    }

    /** Sends signal {@code number}: TERM and KILL through the JDK, the others with kill(1). */
    void signal(Process process, int number) {
        switch (number) {
            case 15 -> process.destroy();
            case 9 -> process.destroyForcibly();
            default -> {
                long pid = process.pid();
                liveThreads.incrementAndGet();
                Thread.ofVirtual().name("spindle-process-" + pid + "-kill").start(() -> {
                    try {
                        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + Signals.name(number).substring(3)
                                + " " + pid).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start();
                        kill.waitFor();
                    } catch (IOException e) {
                        reactor.log().log(Level.WARNING, "cannot send signal " + number + " to process " + pid, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        liveThreads.decrementAndGet();
                    }
                });
            }
        }
    }

    void ended(ProcessConnection c) {
        running.remove(c);
    }

    /** Pipe and signal threads alive now. */
    int liveThreads() {
        return liveThreads.get();
    }

    /** Children started and not yet ended. */
    int runningCount() {
        return running.size();
    }

    private void addShutdownTrigger() {
        if (triggerAdded) {
            return;
        }
        triggerAdded = true;
        reactor.addSystemEventTriggerDeferred(TriggerPhase.BEFORE, SystemEvent.SHUTDOWN, this::stopChildren);
    }

    /**
     * SIGTERM to every running child; SIGKILL to the ones alive after the grace period; the
     * Deferred fires when all have ended, or a second after the kill (the reactor's "during
     * shutdown" close then ends what remains).
     */
    private Deferred<Void> stopChildren() {
        Deferred<Void> done = new Deferred<>();
        if (running.isEmpty()) {
            done.callback(null);
            return done;
        }
        for (ProcessConnection c : running) {
            if (c.isAlive()) {
                c.process().destroy();
            }
        }
        Duration grace = ReactorProcess.STOP_GRACE.compareTo(reactor.options().shutdownTimeout()) < 0
                ? ReactorProcess.STOP_GRACE : reactor.options().shutdownTimeout().dividedBy(2);
        long deadline = System.nanoTime() + grace.toNanos();
        poll(done, deadline, false);
        return done;
    }

    private void poll(Deferred<Void> done, long deadline, boolean killed) {
        if (running.isEmpty()) {
            done.callback(null);
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            if (killed) {
                done.callback(null);
                return;
            }
            for (ProcessConnection c : running) {
                if (c.isAlive()) {
                    reactor.log().log(Level.INFO, "reactor is stopping: killing {0}, still running after SIGTERM", c);
                    c.process().destroyForcibly();
                }
            }
            long next = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            reactor.callLater(Duration.ofMillis(10), () -> poll(done, next, true));
            return;
        }
        reactor.callLater(Duration.ofMillis(10), () -> poll(done, deadline, killed));
    }
}
