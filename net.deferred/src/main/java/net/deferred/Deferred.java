package net.deferred;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A result that is not available yet: a chain of callbacks that runs once the result arrives
 * (Twisted's {@code twisted.internet.defer.Deferred}).
 *
 * <h2>Threading</h2>
 * A Deferred is <b>not thread-safe</b>. It is confined to the thread that fires it, normally the
 * reactor thread: create it, add callbacks, fire, pause and cancel it there only. Callbacks run
 * synchronously on that thread. Other threads reach a Deferred through the reactor's
 * {@code callFromThread}, through {@link #fromCompletionStage} or through
 * {@link #toCompletableFuture}.
 *
 * <h2>One chain, one reference per step</h2>
 * As in Twisted, a Deferred holds one list of callback/errback pairs, and each step receives what
 * the previous step produced. In Java the type of the result can change along the chain, so a
 * step that may change it ({@link #addCallback}, {@link #addCallbackDeferred},
 * {@link #addCallbacks}, {@link #addBoth}, {@link #addBothDeferred}) returns a <em>new
 * reference</em>, typed for the new result, to the <em>same</em> chain: the same list of steps,
 * the same result, pause count and canceller. The reference it was called on goes
 * <em>stale</em>: adding a step through it, or reading its result, throws an
 * {@link IllegalStateException} at once that names the step that continued it. Steps that keep
 * the type ({@link #addErrback}, {@link #addErrbackDeferred}, {@link #addFinally},
 * {@link #addTimeout}, {@link #chainDeferred}) return the very reference they were called on, so
 * Twisted's habit of adding them and then returning the Deferred keeps working.
 * {@snippet :
 * Deferred<String> d = new Deferred<>();
 * Deferred<Integer> doubled = d
 *         .addCallback(s -> s.length())    // a new reference: the chain's result is an Integer now
 *         .addCallback(n -> n * 2);        // another one
 * doubled.addErrback(failure -> -1);       // returns doubled itself
 * d.callback("four");                      // runs the chain: "four" -> 4 -> 8
 * // d.addErrback(...) here would throw: d was continued by addCallback
 * }
 *
 * <p>Which reference may do what:
 * <ul>
 * <li><b>Adding steps</b> ({@code add*}, {@link #chainDeferred}, {@link #toCompletableFuture}),
 * and <b>reading the result</b> ({@link #peek()}), need the chain's current end: the reference
 * the last type-changing step returned (or the one {@code new Deferred<>()} returned, before any
 * such step). Through a stale reference they throw {@link IllegalStateException}. So does
 * passing a stale reference where its result is read: to {@link DeferredList},
 * {@link #gatherResults}, {@link #race}, or returning it from a callback added with
 * {@link #addCallbackDeferred} (that callback's chain then fails with the exception).</li>
 * <li><b>Firing</b> ({@link #callback}, {@link #errback}) belongs to the reference
 * {@code new Deferred<>()} returned, the start of the chain, whose type is that of the value it
 * is fired with, stale or not. A reference returned by a step throws
 * {@link IllegalStateException}: firing it would put a value of the wrong type at the start of
 * the chain.</li>
 * <li><b>Controlling and inspecting the chain</b> ({@link #cancel()}, {@link #pause()},
 * {@link #unpause()}, {@link #called()}, {@link #paused()}, {@link #hasResult()},
 * {@link #toString()}) works through any reference, stale or not, and acts on the one shared
 * chain: cancelling any reference cancels the operation behind the chain, as cancelling the one
 * Twisted Deferred would.</li>
 * </ul>
 *
 * <h2>Results and failures</h2>
 * When fired with {@link #callback} or {@link #errback}, the Deferred passes the result through
 * its steps in order. A step whose side matches the current result (callback for a value, errback
 * for a {@link Failure}) runs; its return value becomes the new result, and an exception it
 * throws becomes the new failure. As in Twisted, a step that <em>returns</em> a {@link Failure}
 * fails too: the chain goes on on the error side with that Failure (so an errback may pass its
 * failure on by returning it). An errback that returns anything else switches the chain back to
 * success. A step added after the Deferred has fired runs at once. A callback may also return
 * another Deferred ({@link #addCallbackDeferred}): the chain then waits for that inner Deferred and
 * continues with its result, which the inner Deferred hands over (its own result becomes
 * {@code null}).
 *
 * <p>Callbacks run iteratively: neither a long chain nor deeply nested Deferreds grow the stack.
 * A Deferred fires only once; firing again throws {@link AlreadyCalledException}. A Deferred whose
 * final result is a failure when it becomes unreachable (all its references) is reported as an
 * {@link UnhandledError}.
 *
 * @param <T> the type of the result at this reference's point of the chain: the value it is
 *     fired with for the reference {@code new Deferred<>()} returned, the step's result for a
 *     reference a step returned
 */
public final class Deferred<T extends @Nullable Object> {
    /** Step mode: the function's return value is the new result. */
    static final int VALUE_STEP = 0;
    /** Step mode: the function returns a Deferred whose result becomes the new result. */
    static final int CHAIN_STEP = 1;
    /** Step mode: the function's return value is ignored; the result passes through. */
    static final int OBSERVE_STEP = 2;

    private static volatile boolean debugging;

    /** The chain this reference belongs to, shared by the start and every reference a step returned. */
    private final Chain chain;
    /**
     * The method that returned this reference, or {@code null} for the start of the chain (the
     * only reference that may fire it).
     */
    private final @Nullable String origin;
    /**
     * The type-changing step added through this reference, which made it stale, or {@code null}
     * while it is the chain's current end. A string constant: recording it allocates nothing.
     */
    private @Nullable String continuedBy;

    /** Creates a Deferred with no canceller: see {@link #cancel()}. */
    public Deferred() {
        this.chain = new Chain(this);
        this.origin = null;
        if (debugging) {
            chain.tracker = FailureTracker.register(chain, new Throwable("Deferred created"));
        }
    }

    /**
     * Creates a Deferred whose {@link #cancel()} calls {@code canceller}.
     *
     * @param canceller stops the operation behind this Deferred; it may fire the Deferred
     */
    public Deferred(Canceller<T> canceller) {
        this();
        chain.canceller = Objects.requireNonNull(canceller, "canceller");
    }

    /** A reference to {@code chain}'s new end, returned by the type-changing step {@code origin}. */
    private Deferred(Chain chain, String origin) {
        this.chain = chain;
        this.origin = origin;
    }

    // ------------------------------------------------------------------ factories

    /**
     * Returns a Deferred that has already fired with {@code value} (Twisted's {@code succeed}).
     * As with {@link #callback}, a {@link Failure} given as the value makes a failed Deferred.
     *
     * @param value the result
     * @param <T> the result type
     * @return a fired Deferred
     * @throws IllegalArgumentException if {@code value} is itself a Deferred
     */
    public static <T extends @Nullable Object> Deferred<T> succeed(T value) {
        Deferred<T> d = new Deferred<>();
        d.callback(value);
        return d;
    }

    /**
     * Returns a Deferred that has already failed with {@code error} (Twisted's {@code fail}).
     *
     * @param error the exception
     * @param <T> the result type
     * @return a failed Deferred
     */
    public static <T extends @Nullable Object> Deferred<T> fail(Throwable error) {
        Deferred<T> d = new Deferred<>();
        d.errback(error);
        return d;
    }

    /**
     * Returns a Deferred that has already failed with {@code failure}.
     *
     * @param failure the failure
     * @param <T> the result type
     * @return a failed Deferred
     */
    public static <T extends @Nullable Object> Deferred<T> fail(Failure failure) {
        Deferred<T> d = new Deferred<>();
        d.errback(failure);
        return d;
    }

    /**
     * Calls {@code supplier} now and wraps its outcome in a fired Deferred: its value as a success,
     * or what it threw as a failure (Twisted's {@code maybeDeferred}). A supplier that returns a
     * {@link Failure} makes a failed Deferred, as in Twisted.
     *
     * @param supplier the computation; to return a Deferred use {@link #maybeDeferredChained}
     * @param <T> the result type
     * @return a fired Deferred; failed with IllegalArgumentException if the supplier returned a
     *     Deferred
     */
    public static <T extends @Nullable Object> Deferred<T> maybeDeferred(ThrowingSupplier<? extends T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        T value;
        try {
            value = supplier.get();
        } catch (Throwable t) {
            return fail(t);
        }
        if (value instanceof Deferred<?>) {
            return fail(new IllegalArgumentException(
                    "maybeDeferred supplier returned a Deferred; use maybeDeferredChained"));
        }
        if (value instanceof Failure failure) {
            return fail(failure);
        }
        return succeed(value);
    }

    /**
     * Calls {@code supplier} now and returns the Deferred it returns, or a failed Deferred if it
     * throws or returns null.
     *
     * @param supplier the computation returning a Deferred
     * @param <T> the result type
     * @return the supplier's Deferred, or a failed one
     */
    public static <T extends @Nullable Object> Deferred<T> maybeDeferredChained(
            ThrowingSupplier<? extends Deferred<T>> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        Deferred<T> d;
        try {
            d = supplier.get();
        } catch (Throwable t) {
            return fail(t);
        }
        if (d == null) {
            return fail(new NullPointerException("maybeDeferredChained supplier returned null"));
        }
        return d;
    }

    /**
     * Adapts a {@link CompletionStage}, which may complete on any thread, into a Deferred fired on
     * the Deferred's own thread through {@code fireOn} (normally the reactor's
     * {@code callFromThread}).
     *
     * <p>The Deferred fires with the stage's value, or with its exception (unwrapped from a
     * {@link CompletionException}). Cancelling the Deferred cancels the stage if it is a
     * {@link CompletableFuture}; the Deferred then fails with {@link CancelledException} and the
     * stage's late completion is ignored.
     *
     * @param stage the stage to adapt
     * @param fireOn runs the firing on the Deferred's thread
     * @param <T> the result type
     * @return a Deferred that fires when the stage completes
     */
    public static <T extends @Nullable Object> Deferred<T> fromCompletionStage(
            CompletionStage<? extends T> stage, Executor fireOn) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(fireOn, "fireOn");
        Deferred<T> d = stage instanceof CompletableFuture<?> future
                ? new Deferred<>(ignored -> future.cancel(false))
                : new Deferred<>();
        stage.whenComplete((value, error) -> fireOn.execute(() -> {
            if (d.chain.called) {
                return; // cancelled meanwhile
            }
            if (error == null) {
                d.callback(value);
            } else {
                d.errback(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        }));
        return d;
    }

    /**
     * Waits for all {@code deferreds} and fires with their values in input order, or fails with a
     * {@link FirstErrorException} (carrying the index and the original failure) as soon as one
     * fails (Twisted's {@code gatherResults}).
     *
     * @param deferreds the inputs
     * @param <T> the value type
     * @return a Deferred of the values in input order
     * @see DeferredList
     */
    public static <T extends @Nullable Object> Deferred<List<T>> gatherResults(
            List<? extends Deferred<? extends T>> deferreds) {
        return DeferredList.gatherResults(deferreds, false);
    }

    /**
     * Like {@link #gatherResults(List)}; with {@code consumeErrors}, each input's failure is
     * handled (replaced by null in that input's chain) once seen, so it is not reported as
     * unhandled.
     *
     * @param deferreds the inputs
     * @param consumeErrors whether to consume the inputs' failures
     * @param <T> the value type
     * @return a Deferred of the values in input order
     */
    public static <T extends @Nullable Object> Deferred<List<T>> gatherResults(
            List<? extends Deferred<? extends T>> deferreds, boolean consumeErrors) {
        return DeferredList.gatherResults(deferreds, consumeErrors);
    }

    /**
     * Fires with the first of {@code deferreds} to succeed and cancels the others; fails with a
     * {@link FailureGroupException} if all fail. See {@link DeferredList#race}.
     *
     * @param deferreds the competing inputs
     * @param <T> the value type
     * @return a Deferred of the winning value and its index
     */
    public static <T extends @Nullable Object> Deferred<DeferredList.IndexedValue<T>> race(
            List<? extends Deferred<? extends T>> deferreds) {
        return DeferredList.race(deferreds);
    }

    // ------------------------------------------------------------------ debugging

    /**
     * Turns debugging on or off for Deferreds created from now on. With debugging, a Deferred
     * records where it was created and first fired, and {@link AlreadyCalledException} messages
     * and unhandled-error reports show both stacks. It costs two stack captures per Deferred.
     *
     * <p>Safe to call from any thread.
     *
     * @param on whether to debug
     */
    public static void setDebugging(boolean on) {
        debugging = on;
    }

    /**
     * Tells whether debugging is on.
     *
     * @return the current setting
     */
    public static boolean isDebugging() {
        return debugging;
    }

    /**
     * Sets the receiver of unhandled-error reports, replacing the default, which logs through
     * {@link System.Logger} {@code net.deferred.Deferred} at {@code ERROR}. Pass {@code null} to
     * restore the default. Meant mostly for tests.
     *
     * <p>Safe to call from any thread. The handler is called on the JVM's cleaner thread of this
     * module, so it must be thread-safe; an exception it throws is logged.
     *
     * @param handler the new handler, or {@code null} for logging
     */
    public static void setUnhandledErrorHandler(@Nullable Consumer<? super UnhandledError> handler) {
        FailureTracker.handler = handler;
    }

    // ------------------------------------------------------------------ firing

    /**
     * Fires this Deferred with a result and runs its callbacks. The result is a success, unless
     * it is a {@link Failure}: then, as in Twisted, this is {@link #errback(Failure)} and the
     * errbacks run. Only the start of the chain, the reference {@code new Deferred<>()} returned,
     * may be fired, stale or not.
     *
     * @param result the result
     * @throws AlreadyCalledException if the Deferred has fired already (once after a
     *     {@link #cancel()} without canceller, the late result is silently dropped instead)
     * @throws IllegalArgumentException if {@code result} is a Deferred: return it from a callback
     *     added with {@link #addCallbackDeferred} to chain instead
     * @throws IllegalStateException if this reference was returned by a step such as
     *     {@link #addCallback}, not by {@code new Deferred<>()}
     */
    public void callback(T result) {
        if (origin != null) {
            throw notTheStart("callback");
        }
        if (result instanceof Deferred<?>) {
            throw new IllegalArgumentException("callback() got a Deferred; chain it with addCallbackDeferred");
        }
        chain.fire(result, result instanceof Failure);
    }

    /**
     * Fires this Deferred with a failure and runs its callbacks. Only the start of the chain may
     * be fired, as for {@link #callback}.
     *
     * @param error the exception, wrapped in a {@link Failure}
     * @throws AlreadyCalledException if the Deferred has fired already (see {@link #callback})
     * @throws IllegalStateException if this reference was returned by a step, not by
     *     {@code new Deferred<>()}
     */
    public void errback(Throwable error) {
        Objects.requireNonNull(error, "errback needs a Throwable");
        if (origin != null) {
            throw notTheStart("errback");
        }
        chain.fire(new Failure(error), true);
    }

    /**
     * Fires this Deferred with a failure and runs its callbacks. Only the start of the chain may
     * be fired, as for {@link #callback}.
     *
     * @param failure the failure
     * @throws AlreadyCalledException if the Deferred has fired already (see {@link #callback})
     * @throws IllegalStateException if this reference was returned by a step, not by
     *     {@code new Deferred<>()}
     */
    public void errback(Failure failure) {
        Objects.requireNonNull(failure, "errback needs a Failure");
        if (origin != null) {
            throw notTheStart("errback");
        }
        chain.fire(failure, true);
    }

    private IllegalStateException notTheStart(String method) {
        return new IllegalStateException(method + " on the Deferred that " + origin + " returned: only the start"
                + " of the chain, the Deferred that new Deferred<>() returned, may be fired (a later step's"
                + " reference has a later step's type); fire that one");
    }

    // ------------------------------------------------------------------ adding steps

    /**
     * Adds a callback that turns the current value into a new value; failures pass it by.
     *
     * @param callback receives the current value; what it returns is the new result (a returned
     *     {@link Failure} is the new failure), what it throws the new failure. It must not return a
     *     Deferred (use {@link #addCallbackDeferred})
     * @param <R> the new result type
     * @return a new reference to the same chain, typed for the new result; this reference goes
     *     stale
     * @throws IllegalStateException if this reference is stale
     */
    public <R extends @Nullable Object> Deferred<R> addCallback(ThrowingFunction<? super T, ? extends R> callback) {
        return continueWith(Objects.requireNonNull(callback, "callback must not be null"), null, VALUE_STEP,
                "addCallback");
    }

    /**
     * Adds a callback that returns another Deferred: the chain waits for it and continues with its
     * result, which it takes from the inner Deferred (the inner one's result becomes
     * {@code null}). Failures pass the callback by. The callback must return the inner chain's
     * current end: a stale reference fails the chain with an {@link IllegalStateException}.
     *
     * @param callback receives the current value and returns the Deferred to wait on
     * @param <R> the new result type
     * @return a new reference to the same chain, typed for the new result; this reference goes
     *     stale
     * @throws IllegalStateException if this reference is stale
     */
    public <R extends @Nullable Object> Deferred<R> addCallbackDeferred(
            ThrowingFunction<? super T, ? extends Deferred<? extends R>> callback) {
        return continueWith(Objects.requireNonNull(callback, "callback must not be null"), null, CHAIN_STEP,
                "addCallbackDeferred");
    }

    /**
     * Adds an errback: it receives the current failure and returns a value, which switches the
     * chain back to success, or throws (for example via {@link Failure#trap}) to keep failing.
     * Returning a {@link Failure} (the one received, or another, where the chain's type admits
     * it, as in a {@code Deferred<Object>}) also keeps failing, with that Failure, as in Twisted.
     * Values pass it by.
     *
     * @param errback handles the failure
     * @return this same reference
     * @throws IllegalStateException if this reference is stale
     */
    public Deferred<T> addErrback(ThrowingFunction<? super Failure, ? extends T> errback) {
        return extend(null, Objects.requireNonNull(errback, "errback must not be null"), VALUE_STEP, "addErrback");
    }

    /**
     * Adds an errback that returns a Deferred to wait on; see {@link #addCallbackDeferred}.
     *
     * @param errback handles the failure and returns the Deferred to wait on
     * @return this same reference
     * @throws IllegalStateException if this reference is stale
     */
    public Deferred<T> addErrbackDeferred(ThrowingFunction<? super Failure, ? extends Deferred<? extends T>> errback) {
        return extend(null, Objects.requireNonNull(errback, "errback must not be null"), CHAIN_STEP,
                "addErrbackDeferred");
    }

    /**
     * Adds a callback and an errback as one step: exactly one of them runs, chosen by the
     * current result, so the errback does not see a failure thrown by this callback. Either may
     * fail the chain by throwing or by returning a {@link Failure}.
     *
     * @param callback receives the current value
     * @param errback receives the current failure
     * @param <R> the new result type
     * @return a new reference to the same chain, typed for the new result; this reference goes
     *     stale
     * @throws IllegalStateException if this reference is stale
     */
    public <R extends @Nullable Object> Deferred<R> addCallbacks(ThrowingFunction<? super T, ? extends R> callback,
                                                   ThrowingFunction<? super Failure, ? extends R> errback) {
        return continueWith(Objects.requireNonNull(callback, "callback must not be null"),
                Objects.requireNonNull(errback, "errback must not be null"), VALUE_STEP, "addCallbacks");
    }

    /**
     * Adds one function for both sides: it receives the current result as an {@link Outcome}.
     * To pass a failure on unchanged, return {@link Outcome#valueOrThrow()} (or return the
     * {@link Failure}: a returned Failure fails the chain, as a thrown exception does). For an
     * action that leaves the result as it is, {@link #addFinally} keeps this reference.
     *
     * @param both receives the current outcome
     * @param <R> the new result type
     * @return a new reference to the same chain, typed for the new result; this reference goes
     *     stale
     * @throws IllegalStateException if this reference is stale
     */
    public <R extends @Nullable Object> Deferred<R> addBoth(ThrowingFunction<? super Outcome<T>, ? extends R> both) {
        Objects.requireNonNull(both, "callback must not be null");
        return continueWith(bothOnSuccess(both), bothOnFailure(both), VALUE_STEP, "addBoth");
    }

    /**
     * Adds one function for both sides that returns a Deferred to wait on; see
     * {@link #addBoth} and {@link #addCallbackDeferred}.
     *
     * @param both receives the current outcome and returns the Deferred to wait on
     * @param <R> the new result type
     * @return a new reference to the same chain, typed for the new result; this reference goes
     *     stale
     * @throws IllegalStateException if this reference is stale
     */
    public <R extends @Nullable Object> Deferred<R> addBothDeferred(
            ThrowingFunction<? super Outcome<T>, ? extends Deferred<? extends R>> both) {
        Objects.requireNonNull(both, "callback must not be null");
        return continueWith(bothOnSuccess(both), bothOnFailure(both), CHAIN_STEP, "addBothDeferred");
    }

    /**
     * Adds an action that runs whatever the current result is, and passes that result (value or
     * failure) on unchanged, unless the action throws, in which case its exception becomes the
     * new failure.
     *
     * @param action the action
     * @return this same reference
     * @throws IllegalStateException if this reference is stale
     */
    public Deferred<T> addFinally(ThrowingRunnable action) {
        Objects.requireNonNull(action, "action must not be null");
        ThrowingFunction<Object, @Nullable Object> run = ignored -> {
            action.run();
            return null;
        };
        return extend(run, run, OBSERVE_STEP, "addFinally");
    }

    /**
     * Passes this chain's result on to {@code other}: adds a step that fires {@code other} with
     * the current value or failure, after which this chain's result is {@code null}. Unlike a
     * returned Deferred, this runs {@code other}'s callbacks recursively, so do not build very long
     * {@code chainDeferred} chains.
     *
     * @param other the Deferred to fire: the start of another chain
     * @return this same reference
     * @throws IllegalArgumentException if {@code other} belongs to this Deferred's own chain
     * @throws IllegalStateException if this reference is stale, or if {@code other} is not the
     *     start of its chain (a reference returned by a step cannot be fired)
     */
    public Deferred<T> chainDeferred(Deferred<T> other) {
        Objects.requireNonNull(other, "other");
        requireCurrent("chainDeferred");
        if (other.chain == chain) {
            throw new IllegalArgumentException("a Deferred cannot be chained to itself");
        }
        if (other.origin != null) {
            throw new IllegalStateException("chainDeferred fires the Deferred it is given, but that is the"
                    + " Deferred that " + other.origin + " returned: only the start of a chain, the Deferred"
                    + " that new Deferred<>() returned, may be fired; pass that one");
        }
        ThrowingFunction<Object, @Nullable Object> cb = value -> {
            @SuppressWarnings("unchecked") T v = (T) value;
            other.callback(v);
            return null;
        };
        ThrowingFunction<Failure, @Nullable Object> eb = failure -> {
            other.errback(failure);
            return null;
        };
        return extend(cb, eb, VALUE_STEP, "chainDeferred");
    }

    /**
     * Cancels this Deferred if it fails to fire within {@code timeout}: on expiry the Deferred is
     * {@link #cancel() cancelled}, and a resulting {@link CancelledException} failure becomes a
     * {@link DeferredTimeoutException} (Twisted's {@code addTimeout}).
     *
     * <p>Only steps added before this call see the cancellation; an errback among them that
     * handles {@link CancelledException} makes the Deferred succeed despite the timeout. If the
     * canceller fires the Deferred with another result, that result stands. The scheduled call is
     * cancelled once the Deferred fires. Call on the Deferred's thread, which must also be the
     * scheduler's thread.
     *
     * @param timeout how long to wait
     * @param scheduler the time source, normally the reactor
     * @return this same reference
     * @throws IllegalStateException if this reference is stale
     */
    public Deferred<T> addTimeout(Duration timeout, Scheduler scheduler) {
        return addTimeout(timeout, scheduler, (outcome, expired) -> {
            if (outcome instanceof Outcome.Failed<T>(Failure failure)) {
                failure.trap(CancelledException.class);
                throw new DeferredTimeoutException(expired, failure.value());
            }
            return outcome.valueOrThrow();
        });
    }

    /**
     * Like {@link #addTimeout(Duration, Scheduler)}, with {@code onTimeoutCancel} deciding the
     * result after the timeout expired and cancelled the Deferred.
     *
     * @param timeout how long to wait
     * @param scheduler the time source, normally the reactor
     * @param onTimeoutCancel converts the outcome after a timeout
     * @return this same reference
     * @throws IllegalStateException if this reference is stale
     */
    public Deferred<T> addTimeout(Duration timeout, Scheduler scheduler, OnTimeoutCancel<T> onTimeoutCancel) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(onTimeoutCancel, "onTimeoutCancel");
        requireCurrent("addTimeout");
        Chain c = chain;
        boolean[] timedOut = new boolean[1];
        ScheduledCall call = Objects.requireNonNull(scheduler.callLater(timeout, () -> {
            timedOut[0] = true;
            c.cancel();
        }), "Scheduler.callLater returned null");
        // Two steps that keep the type: appended to the chain directly, so this reference stays current.
        ThrowingFunction<Outcome<T>, T> convert = outcome -> timedOut[0]
                ? onTimeoutCancel.onTimeoutCancel(outcome, timeout)
                : outcome.valueOrThrow();
        c.append(bothOnSuccess(convert), bothOnFailure(convert), VALUE_STEP);
        ThrowingFunction<Object, @Nullable Object> cleanup = ignored -> {
            if (call.active()) {
                call.cancel();
            }
            return null;
        };
        c.append(cleanup, cleanup, OBSERVE_STEP);
        return this;
    }

    /**
     * Returns a future that completes when the chain reaches this point: with the value, or
     * exceptionally with the failure's original exception. The chain's result passes on
     * unchanged, so a failure still needs an errback here. Cancelling the future does not cancel
     * the Deferred (the future may be cancelled from any thread).
     *
     * @return a future of the current point of the chain
     * @throws IllegalStateException if this reference is stale
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        ThrowingFunction<Object, @Nullable Object> onValue = value -> {
            @SuppressWarnings("unchecked") T v = (T) value;
            future.complete(v);
            return null;
        };
        ThrowingFunction<Failure, @Nullable Object> onFailure = failure -> {
            future.completeExceptionally(failure.value());
            return null;
        };
        extend(onValue, onFailure, OBSERVE_STEP, "toCompletableFuture");
        return future;
    }

    // ------------------------------------------------------------------ pause, cancel, state

    /**
     * Stops running callbacks until the matching {@link #unpause()}; pauses nest. Called from
     * inside one of this Deferred's callbacks, it holds back the steps after that callback.
     * Works through any reference to the chain, stale or not: the chain has one pause count.
     */
    public void pause() {
        chain.pauseCount++;
    }

    /**
     * Undoes one {@link #pause()}; when the last pause is undone and the Deferred has fired, the
     * pending callbacks run now. Works through any reference to the chain, stale or not.
     *
     * @throws IllegalStateException if the Deferred is not paused
     */
    public void unpause() {
        chain.unpause();
    }

    /**
     * Cancels the operation behind this Deferred. Works through any reference to the chain,
     * stale or not: there is one operation behind the chain, and its canceller receives the start
     * of the chain.
     *
     * <ul>
     * <li>Not fired yet: the canceller (if any) runs once; if the Deferred is still unfired after
     * it, it fails with {@link CancelledException}. Without a canceller, the next single late
     * {@code callback}/{@code errback} from the producer is silently dropped. If the canceller
     * throws, the Deferred fails with a CancelledException caused by that exception.</li>
     * <li>Fired but waiting on an inner Deferred returned by a callback: the inner Deferred is
     * cancelled instead (this one's canceller is not called).</li>
     * <li>Otherwise nothing happens.</li>
     * </ul>
     */
    public void cancel() {
        chain.cancel();
    }

    /**
     * Tells whether {@code callback} or {@code errback} has been called. Works through any
     * reference to the chain.
     *
     * @return whether the Deferred has fired
     */
    public boolean called() {
        return chain.called;
    }

    /**
     * Tells whether callbacks are held back: by {@link #pause()}, or because the chain waits on
     * an inner Deferred. Works through any reference to the chain.
     *
     * @return whether the Deferred is paused
     */
    public boolean paused() {
        return chain.pauseCount > 0 || chain.waitingOn != null;
    }

    /**
     * Tells whether the Deferred holds a result now: it has fired and is not waiting on an inner
     * Deferred. Works through any reference to the chain.
     *
     * @return whether a result is available
     */
    public boolean hasResult() {
        return chain.called && chain.waitingOn == null;
    }

    /**
     * Returns the current result for inspection (tests, debugging), without consuming it. Only
     * the chain's current end may read it: through a stale reference, the result would have
     * another step's type.
     *
     * @return the current result, or {@code null} when there is none ({@link #hasResult()} false)
     * @throws IllegalStateException if this reference is stale
     */
    public @Nullable Outcome<T> peek() {
        requireCurrent("peek");
        if (!hasResult()) {
            return null;
        }
        if (chain.failed) {
            return Outcome.failed((Failure) Objects.requireNonNull(chain.result));
        }
        @SuppressWarnings("unchecked") T value = (T) chain.result;
        return Outcome.success(value);
    }

    /**
     * Describes the chain's state: pending, waiting on another Deferred, or its current result.
     * Every reference to one chain shows the same identity.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        return chain.toString();
    }

    // ------------------------------------------------------------------ internals

    private static <T extends @Nullable Object> ThrowingFunction<Object, Object> bothOnSuccess(
            ThrowingFunction<? super Outcome<T>, ?> both) {
        return value -> {
            @SuppressWarnings("unchecked") T v = (T) value;
            return both.apply(Outcome.success(v));
        };
    }

    private static <T extends @Nullable Object> ThrowingFunction<Failure, Object> bothOnFailure(
            ThrowingFunction<? super Outcome<T>, ?> both) {
        return failure -> both.apply(Outcome.failed(failure));
    }

    /** Adds a step that may change the type: this reference goes stale, a new one is the end. */
    private <R extends @Nullable Object> Deferred<R> continueWith(@Nullable ThrowingFunction<?, ?> onValue,
            @Nullable ThrowingFunction<?, ?> onFailure, int mode, String method) {
        requireCurrent(method);
        Deferred<R> next = new Deferred<>(chain, method);
        // Stale before the step can run: a callback that runs at once must not use this reference either.
        continuedBy = method;
        chain.append(onValue, onFailure, mode);
        return next;
    }

    /** Adds a step that keeps the type: this reference stays the chain's end. */
    private Deferred<T> extend(@Nullable ThrowingFunction<?, ?> onValue, @Nullable ThrowingFunction<?, ?> onFailure,
                               int mode, String method) {
        requireCurrent(method);
        chain.append(onValue, onFailure, mode);
        return this;
    }

    /**
     * Appends a step for another class of this package ({@link DeferredList}) that reads this
     * chain's result: like any step, it needs the chain's current end.
     */
    void addStep(@Nullable ThrowingFunction<?, ?> onValue, @Nullable ThrowingFunction<?, ?> onFailure, int mode,
                 String user) {
        extend(onValue, onFailure, mode, user);
    }

    private void requireCurrent(String method) {
        String by = continuedBy;
        if (by != null) {
            throw new IllegalStateException(staleMessage(method + " on a stale Deferred", by,
                    method.equals("peek") ? "read the result from" : "add further steps to"));
        }
    }

    /**
     * Checks, for another class of this package, that this reference may be given to
     * {@code user}, which will add a step to it: before it adds any step to any input.
     */
    void requireCurrentInput(String user) {
        String by = continuedBy;
        if (by != null) {
            throw new IllegalStateException(staleMessage(user + " was given a stale Deferred", by, "pass"));
        }
    }

    private static String staleMessage(String what, String continuedBy, String advice) {
        return what + ": this Deferred was continued by " + continuedBy + ", which may change the result type; "
                + advice + " the Deferred that " + continuedBy + " returned";
    }

    /**
     * The state of one callback chain, shared by every reference to it: the steps, the result,
     * the pause count, the canceller. Callbacks run here; {@link Deferred} adds the types.
     */
    private static final class Chain {
        /** The reference {@code new Deferred<>()} returned: what the canceller receives. */
        private final Deferred<?> creator;
        /** Pending steps, a singly linked queue: no array to allocate or grow. */
        private @Nullable Step head;
        private @Nullable Step tail;
        private @Nullable Object result;
        /** Whether {@link #result} is a {@link Failure}. */
        private boolean failed;
        private boolean called;
        /** True while one of this chain's own callbacks is executing. */
        private boolean running;
        private int pauseCount;
        /** The inner chain this one waits on, after a callback returned a Deferred of it. */
        private @Nullable Chain waitingOn;
        private @Nullable Canceller<?> canceller;
        private boolean suppressAlreadyCalled;
        private @Nullable FailureTracker tracker;

        Chain(Deferred<?> creator) {
            this.creator = creator;
        }

        void fire(@Nullable Object value, boolean isFailure) {
            if (called) {
                if (suppressAlreadyCalled) {
                    suppressAlreadyCalled = false;
                    return;
                }
                throw new AlreadyCalledException(alreadyCalledMessage());
            }
            if (debugging) {
                ensureTracker().recordFiring(new Throwable("Deferred fired"));
            }
            called = true;
            canceller = null;
            result = value;
            failed = isFailure;
            runCallbacks();
        }

        private String alreadyCalledMessage() {
            StringBuilder message = new StringBuilder("Deferred has already been fired: ").append(this);
            FailureTracker t = tracker;
            if (t != null) {
                String created = FailureTracker.stackText(t.creation());
                String fired = FailureTracker.stackText(t.firstFiring());
                if (created != null) {
                    message.append("\n(debug: created at)\n").append(created);
                }
                if (fired != null) {
                    message.append("\n(debug: first fired at)\n").append(fired);
                }
            }
            return message.toString();
        }

        /** Appends a step and runs the chain if it has fired. */
        @SuppressWarnings("unchecked")
        void append(@Nullable ThrowingFunction<?, ?> onValue, @Nullable ThrowingFunction<?, ?> onFailure, int mode) {
            enqueue(new Step((ThrowingFunction<Object, ?>) onValue, (ThrowingFunction<Object, ?>) onFailure, mode, null));
            if (called) {
                runCallbacks();
            }
        }

        private void enqueue(Step step) {
            Step last = tail;
            if (last == null) {
                head = step;
            } else {
                last.next = step;
            }
            tail = step;
        }

        private @Nullable Step poll() {
            Step first = head;
            if (first != null) {
                head = first.next;
                if (head == null) {
                    tail = null;
                }
            }
            return first;
        }

        void unpause() {
            if (pauseCount == 0) {
                throw new IllegalStateException("unpause() without a matching pause(): " + this);
            }
            pauseCount--;
            if (pauseCount == 0 && called) {
                runCallbacks();
            }
        }

        @SuppressWarnings("unchecked")
        void cancel() {
            if (!called) {
                Canceller<Object> c = (Canceller<Object>) canceller;
                Throwable cancellerError = null;
                if (c == null) {
                    suppressAlreadyCalled = true;
                } else {
                    canceller = null;
                    try {
                        c.cancel((Deferred<Object>) creator);
                    } catch (Throwable t) {
                        cancellerError = t;
                    }
                }
                if (!called) {
                    fire(new Failure(cancellerError == null
                            ? new CancelledException()
                            : new CancelledException("Deferred was cancelled; its canceller threw", cancellerError)),
                            true);
                } else if (cancellerError != null) {
                    FailureTracker.logger.log(System.Logger.Level.WARNING,
                            "canceller threw after firing its Deferred", cancellerError);
                }
            } else if (waitingOn != null) {
                waitingOn.cancel();
            }
        }

        private FailureTracker ensureTracker() {
            FailureTracker t = tracker;
            if (t == null) {
                // Registered on the chain, which stays reachable while any reference to it is.
                t = FailureTracker.register(this, null);
                tracker = t;
            }
            return t;
        }

        /** Records whether the settled result is a failure, for unhandled-error reporting. */
        private void trackResult() {
            if (failed && waitingOn == null) {
                ensureTracker().setFailure((Failure) result);
            } else if (tracker != null) {
                tracker.setFailure(null);
            }
        }

        /**
         * Runs pending callbacks, iteratively. A chain waiting on an inner one gets the inner's
         * result through a continuation step; instead of recursing into the waiting chain, the
         * loop pushes the inner one on an explicit stack and moves on to the waiting one, so
         * neither long chains nor deep nesting consume Java stack.
         */
        private void runCallbacks() {
            if (running) {
                return; // an enclosing frame is running our callbacks and will pick up new steps
            }
            ArrayList<Chain> stack = null;
            Chain current = this;
            while (true) {
                boolean finished = true;
                if (current.pauseCount == 0 && current.waitingOn == null) {
                    Step step;
                    // A callback may pause its own chain: that holds back the following steps.
                    while (current.pauseCount == 0 && (step = current.poll()) != null) {
                        Chain waiter = step.continuation;
                        if (waiter != null) {
                            waiter.result = current.result;
                            waiter.failed = current.failed;
                            waiter.waitingOn = null;
                            current.result = null;
                            current.failed = false;
                            if (current.tracker != null) {
                                current.tracker.setFailure(null);
                            }
                            if (stack == null) {
                                stack = new ArrayList<>();
                            }
                            stack.add(current);
                            current = waiter;
                            finished = false;
                            break;
                        }
                        if (current.runStep(step)) {
                            break; // now waiting on an inner Deferred
                        }
                    }
                }
                if (finished) {
                    current.trackResult();
                    if (stack == null || stack.isEmpty()) {
                        return;
                    }
                    current = stack.removeLast();
                }
            }
        }

        /**
         * Runs one step against the current result.
         *
         * @return whether this chain now waits on an inner Deferred
         */
        private boolean runStep(Step step) {
            boolean wasFailure = failed;
            Object input = result;
            ThrowingFunction<Object, ?> fn = wasFailure ? step.onFailure : step.onValue;
            if (fn == null) {
                return false; // this side passes the result through
            }
            Object output;
            running = true;
            try {
                output = fn.apply(input);
            } catch (Throwable t) {
                // Rethrowing the current failure's own exception (trap, raiseException) keeps it.
                result = wasFailure && ((Failure) Objects.requireNonNull(input)).value() == t ? input : new Failure(t);
                failed = true;
                return false;
            } finally {
                running = false;
            }
            switch (step.mode) {
                case OBSERVE_STEP -> {
                    return false;
                }
                case VALUE_STEP -> {
                    if (output instanceof Deferred<?>) {
                        setFailure(new IllegalStateException("a callback added with addCallback/addErrback/addBoth"
                                + " returned a Deferred; use the *Deferred variant to chain it"));
                    } else {
                        // Twisted's rule: a returned Failure is a failure, not a value that happens to
                        // be one. Without it `addErrback(f -> f)` would swallow the error silently.
                        result = output;
                        failed = output instanceof Failure;
                    }
                    return false;
                }
                default -> {
                    return chainTo(output);
                }
            }
        }

        private void setFailure(Throwable error) {
            result = new Failure(error);
            failed = true;
        }

        /** Continues with the result of {@code output}, a Deferred returned by a callback. */
        private boolean chainTo(@Nullable Object output) {
            if (output instanceof Failure failure) {
                // Only reachable through an unchecked cast; still a failure, as for a value step.
                result = failure;
                failed = true;
                return false;
            }
            if (!(output instanceof Deferred<?> returned)) {
                setFailure(output == null
                        ? new NullPointerException("a Deferred-returning callback returned null")
                        : new ClassCastException("a Deferred-returning callback returned " + output.getClass().getName()));
                return false;
            }
            if (returned.continuedBy != null) {
                // Its chain's end has another step's type: waiting on it would hand that on.
                setFailure(new IllegalStateException(staleMessage("a callback returned a stale Deferred to wait on",
                        returned.continuedBy, "return")));
                return false;
            }
            Chain inner = returned.chain;
            if (inner == this) {
                setFailure(new IllegalStateException("a callback returned the Deferred it was attached to"));
                return false;
            }
            if (!inner.called || inner.waitingOn != null || inner.pauseCount > 0 || inner.running) {
                result = null;
                failed = false;
                waitingOn = inner;
                inner.enqueue(new Step(null, null, VALUE_STEP, this));
                return true;
            }
            // The inner Deferred has settled: take its result; it keeps null.
            result = inner.result;
            failed = inner.failed;
            inner.result = null;
            inner.failed = false;
            if (inner.tracker != null) {
                inner.tracker.setFailure(null);
            }
            return false;
        }

        @Override
        public String toString() {
            String id = "Deferred@" + Integer.toHexString(System.identityHashCode(this));
            if (!called) {
                return id + "[pending]";
            }
            Chain inner = waitingOn;
            if (inner != null) {
                return id + "[waiting on Deferred@" + Integer.toHexString(System.identityHashCode(inner)) + "]";
            }
            return id + "[current result: " + result + "]";
        }
    }

    /** One callback/errback pair, or a continuation that hands the result to a waiting chain. */
    private static final class Step {
        final @Nullable ThrowingFunction<Object, ?> onValue;
        final @Nullable ThrowingFunction<Object, ?> onFailure;
        final int mode;
        final @Nullable Chain continuation;
        @Nullable Step next;

        Step(@Nullable ThrowingFunction<Object, ?> onValue, @Nullable ThrowingFunction<Object, ?> onFailure,
             int mode, @Nullable Chain continuation) {
            this.onValue = onValue;
            this.onFailure = onFailure;
            this.mode = mode;
            this.continuation = continuation;
        }
    }
}
