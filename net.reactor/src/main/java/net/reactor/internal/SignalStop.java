package net.reactor.internal;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Stops a reactor when the process gets SIGINT (Ctrl-C) or SIGTERM, <em>before</em> the JVM
 * starts shutting down, and then lets the signal take its ordinary course.
 *
 * <p><b>Why not a shutdown hook alone.</b> A hook runs once the JVM is already shutting down,
 * at the same time as every other hook, in no fixed order. java.util.logging (the back end of
 * {@code System.Logger} when an application configures nothing) resets its handlers in a hook
 * of its own, so the reactor's "stopping" line and the warnings of its shutdown (a spawned task
 * that ignored cancellation, a "before shutdown" trigger that timed out) were lost; other
 * logging back ends stop in hooks too. Handling the signal itself, the reactor stops while the
 * JVM is fully alive and every logger still works. When the loop has ended, the thread that
 * ran it runs the handler that was installed before this one, before {@code run()} returns:
 * normally the JVM's own, which exits with 128 + the signal number (143 for SIGTERM, 130 for
 * SIGINT) and runs the shutdown hooks. So the process ends exactly as the signal would have
 * ended it without a reactor, whatever other threads still run, and code after {@code run()}
 * cannot race the exit (an application calling {@code System.exit(0)} there would otherwise
 * change the status at random); clean-up belongs in shutdown triggers, which have run by then.
 * If the loop does not end within the bound (a callback stuck on the reactor thread), a watchdog
 * thread passes the signal on instead. A second signal while the reactor is stopping passes on
 * at once: the user who presses Ctrl-C twice wants out now. The reactor keeps its shutdown hook
 * as a fallback for {@code System.exit}, and for a JVM where signals cannot be handled
 * ({@code -Xrs}).
 *
 * <p><b>Why reflection.</b> {@code sun.misc.Signal} (module {@code jdk.unsupported}, part of
 * every JDK and kept exported for exactly this kind of use) is the only way to handle a signal
 * in Java. javac flags each source reference to {@code sun.misc} as "internal proprietary API",
 * a warning that no {@code @SuppressWarnings} or lint option silences, and this build treats
 * warnings as errors; so the few calls go through method handles, and the handler is a
 * {@link Proxy}. {@code net.reactor} {@code requires jdk.unsupported}, so the module is resolved
 * in every application that uses the reactor, modular or not. If the class is missing anyway,
 * or the JVM refuses the signal, nothing is installed and the shutdown hook does the work.
 *
 * <p><b>Threading:</b> {@link #install}, {@link #uninstall} and {@link #loopEnded} run on the
 * reactor thread; the JVM calls the handler on a thread of its own; the watchdog is a platform
 * thread named {@code <reactor>-signal-stop}. The signal is passed on once, by whichever comes
 * first.
 */
final class SignalStop {
    private static final String[] SIGNALS = {"INT", "TERM"};
    private static final @Nullable Api API = Api.load();

    private final SelectReactor reactor;
    private final System.Logger log;
    private final String name;
    private final long waitMillis;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final AtomicBoolean passedOn = new AtomicBoolean();
    /** The signal that started the stop, to pass on when the loop ends; null if none did. */
    private volatile @Nullable Object stoppingFor;
    /**
     * Set when the loop has ended. With {@link #stoppingFor}, a pair of volatiles each side
     * writes before reading the other's: a signal arriving as the loop ends is passed on by at
     * least one of the two threads (and by one only, through {@link #passedOn}).
     */
    private volatile boolean ended;
    /** The proxy the JVM calls; identity matters when uninstalling. */
    private final Object handler;
    /** Per installed signal: the signal object and the handler it had before ours. */
    private final List<Installed> installed = new ArrayList<>(SIGNALS.length);

    private record Installed(Object signal, Object previous) {}

    private SignalStop(SelectReactor reactor, System.Logger log, String name, long waitMillis, Api api) {
        this.reactor = reactor;
        this.log = log;
        this.name = name;
        this.waitMillis = waitMillis;
        this.handler = Proxy.newProxyInstance(SignalStop.class.getClassLoader(), new Class<?>[] {api.handlerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        signalReceived(args[0]);
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "signal handler of reactor " + name;
                });
    }

    /**
     * Installs the handler for SIGINT and SIGTERM.
     *
     * @param reactor the reactor to stop
     * @param log where to log
     * @param name the reactor's name, for the log and the thread
     * @param waitMillis how long the watchdog waits for the loop to end before passing the
     *     signal on itself
     * @return the installation, or null if no signal could be handled here (the caller's shutdown
     *     hook then does all the work)
     */
    static @Nullable SignalStop install(SelectReactor reactor, System.Logger log, String name, long waitMillis) {
        Api api = API;
        if (api == null) {
            log.log(Level.DEBUG, "reactor {0}: sun.misc.Signal is not available; SIGINT and SIGTERM stop it"
                    + " through a shutdown hook only", name);
            return null;
        }
        SignalStop s = new SignalStop(reactor, log, name, waitMillis, api);
        for (String signalName : SIGNALS) {
            try {
                Object signal = api.newSignal.invoke(signalName);
                Object previous = api.handle.invoke(signal, s.handler);
                if (previous == api.ignore) {
                    // The process was started with this signal ignored (nohup, a background job of
                    // a script): the JVM left it ignored, and so must we.
                    api.handle.invoke(signal, previous);
                    continue;
                }
                s.installed.add(new Installed(signal, previous));
            } catch (Throwable refused) {
                // For example -Xrs ("Signal already used by VM or OS"), or a platform without it.
                log.log(Level.DEBUG, "reactor " + name + ": cannot handle SIG" + signalName
                        + "; the shutdown hook will stop the reactor instead", refused);
            }
        }
        return s.installed.isEmpty() ? null : s;
    }

    /**
     * Puts the previous handlers back, where ours is still the installed one. If another handler
     * was installed over ours since, it stays (it may pass signals on to ours, which from now on
     * just passes them further on).
     */
    void uninstall() {
        Api api = API;
        if (api == null) {
            return;
        }
        for (Installed i : installed) {
            try {
                Object current = api.handle.invoke(i.signal(), i.previous());
                if (current != handler) {
                    api.handle.invoke(i.signal(), current);
                }
            } catch (Throwable e) {
                log.log(Level.DEBUG, "reactor " + name + ": restoring the handler of " + i.signal() + " failed", e);
            }
        }
    }

    /**
     * Called on the loop's thread once the loop has ended and the reactor has stopped: if a
     * signal stopped it, the signal now takes its course (normally the JVM exits, and this call
     * does not return).
     */
    void loopEnded() {
        ended = true;
        Object signal = stoppingFor;
        if (signal != null) {
            passOnOnce(signal);
        }
    }

    /** Called by the JVM on its signal-dispatch thread. */
    private void signalReceived(Object signal) {
        String what = String.valueOf(signal); // "SIGTERM"
        if (ended) {
            passOn(signal); // nothing of ours to stop any more
            return;
        }
        if (!signalled.compareAndSet(false, true)) {
            log.log(Level.WARNING, "reactor {0}: {1} again while stopping; exiting without waiting for the stop",
                    name, what);
            reactor.dropShutdownHook(); // it would wait for the stop too
            passOn(signal);
            return;
        }
        log.log(Level.INFO, "reactor {0}: received {1}; stopping (send it again to exit at once)", name, what);
        stoppingFor = signal;
        if (ended) {
            passOnOnce(signal); // the loop ended meanwhile, perhaps before it could see stoppingFor
            return;
        }
        CompletionStage<Void> stopped = reactor.stop();
        Thread.ofPlatform().daemon(false).name(name + "-signal-stop").start(() -> {
            try {
                stopped.toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
                return; // the loop's thread passes the signal on (loopEnded)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.log(Level.WARNING, "reactor " + name + " did not stop within " + waitMillis + " ms after " + what
                        + "; passing the signal on anyway", e);
            }
            passOnOnce(signal);
        });
    }

    /** Passes on the signal that stopped the reactor: from the loop's end or the watchdog, not both. */
    private void passOnOnce(Object signal) {
        if (passedOn.compareAndSet(false, true)) {
            passOn(signal);
        }
    }

    /** Does what the signal would have done without us: runs the previous handler. */
    private void passOn(Object signal) {
        Api api = API;
        Object previous = previousFor(signal);
        if (api == null || previous == null) {
            return;
        }
        try {
            api.invokeHandler.invoke(previous, signal);
        } catch (UnsupportedOperationException nativeHandler) {
            // SIG_DFL or a handler outside Java: it cannot be called, only re-installed and raised.
            try {
                api.handle.invoke(signal, previous);
                api.raise.invoke(signal);
            } catch (Throwable e) {
                log.log(Level.WARNING, "reactor " + name + ": passing " + signal + " on failed", e);
            }
        } catch (Throwable e) {
            log.log(Level.WARNING, "reactor " + name + ": the previous handler of " + signal + " failed", e);
        }
    }

    private @Nullable Object previousFor(Object signal) {
        for (Installed i : installed) {
            if (i.signal().equals(signal)) {
                return i.previous();
            }
        }
        return null;
    }

    /** The members of sun.misc.Signal and SignalHandler this class uses. */
    private record Api(
            Class<?> handlerType,
            MethodHandle newSignal,
            MethodHandle handle,
            MethodHandle raise,
            MethodHandle invokeHandler,
            Object ignore) {

        static @Nullable Api load() {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handler = Class.forName("sun.misc.SignalHandler");
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                return new Api(handler,
                        l.findConstructor(signal, MethodType.methodType(void.class, String.class)),
                        l.findStatic(signal, "handle", MethodType.methodType(handler, signal, handler)),
                        l.findStatic(signal, "raise", MethodType.methodType(void.class, signal)),
                        l.findVirtual(handler, "handle", MethodType.methodType(void.class, signal)),
                        l.findStaticGetter(handler, "SIG_IGN", handler).invoke());
            } catch (Throwable unavailable) {
                return null;
            }
        }
    }
}
