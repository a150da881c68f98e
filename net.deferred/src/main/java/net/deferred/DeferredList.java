package net.deferred;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Combines several Deferreds into one (Twisted's {@code DeferredList}).
 *
 * <p>{@link #of(List, Option...)} fires with one {@link Outcome} per input, <b>in input
 * order</b> (not firing order), once every input has fired:
 * {@snippet :
 * Deferred<List<Outcome<String>>> all = DeferredList.of(List.of(fetchA(), fetchB()));
 * all.addCallback(outcomes -> {
 *     for (Outcome<String> o : outcomes) {
 *         if (o instanceof Outcome.Success<String>(var page)) {
 *             render(page);
 *         }
 *     }
 *     return null;
 * });
 * }
 * Use {@link Deferred#gatherResults(List)} for the plain values, failing on the first error.
 *
 * <p>The combined Deferred attaches a step to every input at once, in order, so inputs that have
 * already fired are collected right away. Like any step, that needs each input's current end: a
 * stale input (one continued by a type-changing step such as {@code addCallback}) is refused with
 * an {@link IllegalStateException} before anything is attached. Cancelling the combined Deferred
 * before it fires cancels every input (cancelling one that throws does not stop the others);
 * afterwards, cancel does nothing. All inputs and the result must be confined to the same thread,
 * like any Deferred.
 */
public final class DeferredList {
    private DeferredList() {
    }

    /** Options of a DeferredList (Twisted's keyword arguments of the same names). */
    public enum Option {
        /**
         * Fail as soon as one input fails, with a {@link FirstErrorException} carrying the index
         * and failure of that input.
         */
        FIRE_ON_ONE_ERRBACK,
        /**
         * Handle each input's failure once the list has seen it: the input's chain continues with
         * {@code null}, so the failure is not reported as unhandled. Without it the input keeps its
         * failure.
         */
        CONSUME_ERRORS
    }

    /**
     * The result of {@link #fireOnOneCallback}: the first success, or every outcome when no
     * input succeeded.
     *
     * @param <T> the value type
     */
    public sealed interface FirstCallback<T extends @Nullable Object> permits IndexedValue, NoneSucceeded {
    }

    /**
     * A value together with the position of the input that produced it (Twisted's
     * {@code (result, index)} tuple).
     *
     * @param value the value
     * @param index the input's position, from 0
     * @param <T> the value type
     */
    public record IndexedValue<T extends @Nullable Object>(T value, int index) implements FirstCallback<T> {
    }

    /**
     * Every input fired and none succeeded (Twisted fires with the result list then).
     *
     * @param results the outcomes in input order, all failures
     * @param <T> the value type
     */
    public record NoneSucceeded<T extends @Nullable Object>(List<Outcome<T>> results) implements FirstCallback<T> {
        /**
         * Creates the record.
         *
         * @param results the outcomes, not null
         */
        public NoneSucceeded {
            Objects.requireNonNull(results, "results");
        }
    }

    /**
     * Waits for every input and fires with their outcomes in input order.
     *
     * <p>An empty list fires at once with an empty list. Without
     * {@link Option#FIRE_ON_ONE_ERRBACK} the result never fails.
     *
     * @param deferreds the inputs
     * @param options {@link Option#FIRE_ON_ONE_ERRBACK}, {@link Option#CONSUME_ERRORS}
     * @param <T> the value type
     * @return a Deferred of the outcomes; failed with {@link FirstErrorException} under
     *     {@code FIRE_ON_ONE_ERRBACK}
     */
    public static <T extends @Nullable Object> Deferred<List<Outcome<T>>> of(
            List<? extends Deferred<? extends T>> deferreds, Option... options) {
        EnumSet<Option> set = optionSet(options);
        return new Collector<T>(deferreds, false, set.contains(Option.FIRE_ON_ONE_ERRBACK),
                set.contains(Option.CONSUME_ERRORS)).<List<Outcome<T>>>start();
    }

    /**
     * Fires with the first input that succeeds, as an {@link IndexedValue}; if every input fails,
     * fires with {@link NoneSucceeded} (or, with {@link Option#FIRE_ON_ONE_ERRBACK}, fails with a
     * {@link FirstErrorException} at the first failure). Inputs that fire later are still
     * collected (and consumed with {@link Option#CONSUME_ERRORS}) but change nothing.
     *
     * <p>As in Twisted, an <b>empty list never fires</b> (until cancelled).
     *
     * @param deferreds the inputs
     * @param options {@link Option#FIRE_ON_ONE_ERRBACK}, {@link Option#CONSUME_ERRORS}
     * @param <T> the value type
     * @return a Deferred of the first success
     */
    public static <T extends @Nullable Object> Deferred<FirstCallback<T>> fireOnOneCallback(
            List<? extends Deferred<? extends T>> deferreds, Option... options) {
        EnumSet<Option> set = optionSet(options);
        return new Collector<T>(deferreds, true, set.contains(Option.FIRE_ON_ONE_ERRBACK),
                set.contains(Option.CONSUME_ERRORS)).<FirstCallback<T>>start();
    }

    /**
     * Waits for every input and fires with their values in input order, or fails with a
     * {@link FirstErrorException} at the first failure (Twisted's {@code gatherResults}).
     * Also available as {@link Deferred#gatherResults(List, boolean)}.
     *
     * @param deferreds the inputs
     * @param consumeErrors whether to handle each input's failure once seen
     * @param <T> the value type
     * @return a Deferred of the values (an unmodifiable list that may hold nulls)
     */
    public static <T extends @Nullable Object> Deferred<List<T>> gatherResults(
            List<? extends Deferred<? extends T>> deferreds, boolean consumeErrors) {
        Deferred<List<Outcome<T>>> list = consumeErrors
                ? of(deferreds, Option.FIRE_ON_ONE_ERRBACK, Option.CONSUME_ERRORS)
                : of(deferreds, Option.FIRE_ON_ONE_ERRBACK);
        return list.addCallback(outcomes -> {
            List<T> values = new ArrayList<>(outcomes.size());
            for (Outcome<T> outcome : outcomes) {
                values.add(outcome.valueOrThrow());
            }
            return Collections.unmodifiableList(values);
        });
    }

    /**
     * Fires with the first input to succeed, as an {@link IndexedValue}, and cancels all the other
     * inputs (never the winner); if every input fails, fails with a {@link FailureGroupException}
     * holding their failures in input order (Twisted's {@code race}).
     *
     * <p>Each input's own chain continues with {@code null} afterwards: its result and failure are
     * consumed. Cancelling the returned Deferred cancels every input. An empty list never fires
     * (until cancelled).
     *
     * @param deferreds the competing inputs
     * @param <T> the value type
     * @return a Deferred of the winning value and its index
     */
    public static <T extends @Nullable Object> Deferred<IndexedValue<T>> race(
            List<? extends Deferred<? extends T>> deferreds) {
        Objects.requireNonNull(deferreds, "deferreds");
        List<Deferred<? extends T>> inputs = new ArrayList<>(deferreds.size());
        for (Deferred<? extends T> d : deferreds) {
            Objects.requireNonNull(d, "the list of Deferreds contains null").requireCurrentInput("race");
            inputs.add(d);
        }
        Deferred<IndexedValue<T>> result = new Deferred<>(ignored -> {
            for (Deferred<? extends T> input : inputs) {
                input.cancel();
            }
        });
        Failure[] failures = new Failure[inputs.size()];
        int[] failedCount = new int[1];
        boolean[] won = new boolean[1];
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            ThrowingFunction<Object, @Nullable Object> onValue = value -> {
                if (!won[0]) {
                    won[0] = true;
                    for (int j = 0; j < inputs.size(); j++) {
                        if (j != index) {
                            inputs.get(j).cancel();
                        }
                    }
                    @SuppressWarnings("unchecked") T v = (T) value;
                    result.callback(new IndexedValue<>(v, index));
                }
                return null;
            };
            ThrowingFunction<Failure, @Nullable Object> onFailure = failure -> {
                failures[index] = failure;
                if (++failedCount[0] == failures.length) {
                    result.errback(new FailureGroupException(Arrays.asList(failures)));
                }
                return null;
            };
            inputs.get(i).addStep(onValue, onFailure, Deferred.VALUE_STEP, "race");
        }
        return result;
    }

    private static EnumSet<Option> optionSet(Option... options) {
        EnumSet<Option> set = EnumSet.noneOf(Option.class);
        for (Option option : Objects.requireNonNull(options, "options")) {
            set.add(Objects.requireNonNull(option, "option"));
        }
        return set;
    }

    /** Collects the inputs' outcomes and fires the combined Deferred. */
    private static final class Collector<T extends @Nullable Object> {
        private final List<Deferred<? extends T>> inputs;
        private final @Nullable Outcome<T>[] outcomes;
        private final List<Outcome<T>> view;
        private final boolean fireOnOneCallback;
        private final boolean fireOnOneErrback;
        private final boolean consumeErrors;
        private final Deferred<Object> target;
        private int finished;

        @SuppressWarnings("unchecked")
        Collector(List<? extends Deferred<? extends T>> deferreds, boolean fireOnOneCallback,
                  boolean fireOnOneErrback, boolean consumeErrors) {
            Objects.requireNonNull(deferreds, "deferreds");
            this.inputs = new ArrayList<>(deferreds.size());
            for (Deferred<? extends T> d : deferreds) {
                Objects.requireNonNull(d, "the list of Deferreds contains null").requireCurrentInput("DeferredList");
                inputs.add(d);
            }
            this.outcomes = (Outcome<T>[]) new Outcome<?>[inputs.size()];
            // Entries of inputs that have not fired yet read as null until they do.
            this.view = Collections.unmodifiableList(Arrays.asList(outcomes));
            this.fireOnOneCallback = fireOnOneCallback;
            this.fireOnOneErrback = fireOnOneErrback;
            this.consumeErrors = consumeErrors;
            this.target = new Deferred<>(ignored -> cancelInputs());
        }

        @SuppressWarnings("unchecked")
        <R> Deferred<R> start() {
            if (inputs.isEmpty() && !fireOnOneCallback) {
                target.callback(view);
            }
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                ThrowingFunction<Object, @Nullable Object> onValue = value -> {
                    collected(index, Outcome.success((T) value));
                    return value;
                };
                ThrowingFunction<Failure, @Nullable Object> onFailure = failure -> {
                    collected(index, Outcome.failed(failure));
                    return null; // only used with CONSUME_ERRORS (VALUE mode)
                };
                inputs.get(i).addStep(onValue, onFailure, consumeErrors ? Deferred.VALUE_STEP : Deferred.OBSERVE_STEP,
                        "DeferredList");
            }
            return (Deferred<R>) target;
        }

        private void collected(int index, Outcome<T> outcome) {
            outcomes[index] = outcome;
            finished++;
            if (target.called()) {
                return;
            }
            if (outcome instanceof Outcome.Success<T>(T value) && fireOnOneCallback) {
                target.callback(new IndexedValue<>(value, index));
            } else if (outcome instanceof Outcome.Failed<T>(Failure failure) && fireOnOneErrback) {
                target.errback(new FirstErrorException(failure, index));
            } else if (finished == outcomes.length) {
                target.callback(fireOnOneCallback ? new NoneSucceeded<>(view) : view);
            }
        }

        private void cancelInputs() {
            for (Deferred<? extends T> input : inputs) {
                try {
                    input.cancel();
                } catch (RuntimeException e) {
                    FailureTracker.logger.log(System.Logger.Level.ERROR,
                            "cancelling an input of a DeferredList failed", e);
                }
            }
        }
    }
}
