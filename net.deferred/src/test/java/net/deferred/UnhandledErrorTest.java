package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * §1.6: a Deferred collected while holding a failure is reported. Reports arrive on the cleaner
 * thread after a GC, so the tests poll with System.gc(), bounded; each failure carries a unique
 * marker so reports from other tests' garbage cannot be mistaken for ours.
 */
@Isolated
class UnhandledErrorTest {
    private final List<UnhandledError> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureReports() {
        Deferred.setUnhandledErrorHandler(reports::add);
    }

    @AfterEach
    void restore() {
        Deferred.setUnhandledErrorHandler(null);
        Deferred.setDebugging(false);
    }

    private static void failAndDrop(String marker) {
        Deferred<String> d = new Deferred<>();
        d.errback(new IOException(marker));
    }

    private List<UnhandledError> reportsFor(String marker) {
        List<UnhandledError> mine = new ArrayList<>();
        for (UnhandledError report : reports) {
            if (marker.equals(report.failure().value().getMessage())) {
                mine.add(report);
            }
        }
        return mine;
    }

    /** Polls GC until a report for {@code marker} arrives, at most about 5 seconds. */
    private List<UnhandledError> awaitReport(String marker) throws InterruptedException {
        for (int i = 0; i < 500 && reportsFor(marker).isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
        }
        return reportsFor(marker);
    }

    /** Drops a sentinel failure and waits for its report: once it arrived, earlier garbage was seen too. */
    private void awaitQuiescence() throws InterruptedException {
        String sentinel = "sentinel-" + System.nanoTime();
        failAndDrop(sentinel);
        assertThat(awaitReport(sentinel)).hasSize(1);
    }

    @Test
    void unreachableFailedDeferredIsReported() throws InterruptedException {
        failAndDrop("unhandled-1");
        List<UnhandledError> mine = awaitReport("unhandled-1");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).failure().value()).isInstanceOf(IOException.class);
        assertThat(mine.get(0).describe()).startsWith("Unhandled error in Deferred:")
                .contains("java.io.IOException: unhandled-1");
    }

    @Test
    void handledFailureIsNotReported() throws InterruptedException {
        dropHandled("handled-1");
        awaitQuiescence();
        assertThat(reportsFor("handled-1")).isEmpty();
    }

    private static void dropHandled(String marker) {
        Deferred<String> d = new Deferred<>();
        d.errback(new IOException(marker));
        d.addErrback(f -> "handled");
    }

    @Test
    void failureReturnedByAnErrbackIsStillUnhandledAndReported() throws InterruptedException {
        dropReturnedByErrback("returned-by-errback");
        List<UnhandledError> mine = awaitReport("returned-by-errback");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).failure().value()).isInstanceOf(IOException.class);
    }

    private static void dropReturnedByErrback(String marker) {
        Deferred.fail(new IOException(marker)).addErrback(f -> f);
    }

    @Test
    void failureReturnedByACallbackIsReported() throws InterruptedException {
        dropReturnedByCallback("returned-by-callback");
        assertThat(awaitReport("returned-by-callback")).hasSize(1);
    }

    private static void dropReturnedByCallback(String marker) {
        Deferred.succeed("x").addCallback(x -> new Failure(new IOException(marker)));
    }

    @Test
    void failureGivenToCallbackIsReported() throws InterruptedException {
        dropFiredWithFailure("given-to-callback");
        assertThat(awaitReport("given-to-callback")).hasSize(1);
    }

    private static void dropFiredWithFailure(String marker) {
        Deferred<Object> d = new Deferred<>();
        d.callback(new Failure(new IOException(marker)));
    }

    @Test
    void failureLaterRecoveredByAnAsynchronousErrbackIsNotReported() throws InterruptedException {
        List<Deferred<String>> keep = new ArrayList<>();
        dropRecoveredLater("recovered-1", keep);
        keep.get(0).callback("retry worked");
        keep.clear();
        awaitQuiescence();
        assertThat(reportsFor("recovered-1")).isEmpty();
    }

    private static void dropRecoveredLater(String marker, List<Deferred<String>> keepRetry) {
        Deferred<String> retry = new Deferred<>();
        Deferred<String> d = Deferred.fail(new IOException(marker));
        d.addErrbackDeferred(f -> retry);
        keepRetry.add(retry);
    }

    @Test
    void failureClearedByAnErrbackThatChainsToAPendingDeferredIsNotReported() throws InterruptedException {
        dropWaitingOnPending("cleared-by-chaining");
        awaitQuiescence();
        assertThat(reportsFor("cleared-by-chaining")).isEmpty();
    }

    private static void dropWaitingOnPending(String marker) {
        Deferred<String> bad = Deferred.fail(new IOException(marker));
        Deferred<String> good = new Deferred<>();
        bad.addErrbackDeferred(f -> good);
    }

    @Test
    void failurePassedToAChainedDeferredIsReportedOnlyByTheOuter() throws InterruptedException {
        List<Deferred<String>> keep = new ArrayList<>();
        dropInnerOfChain("chained-1", keep);
        awaitQuiescence();
        assertThat(reportsFor("chained-1")).isEmpty();
        keep.get(0).addErrback(f -> "handled by the outer");
    }

    private static void dropInnerOfChain(String marker, List<Deferred<String>> keepOuter) {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x");
        Deferred<String> outerEnd = outer.addCallbackDeferred(x -> inner);
        inner.errback(new IOException(marker));
        keepOuter.add(outerEnd);
    }

    @Test
    void failureStolenFromAnAlreadyFailedInnerIsNotReportedForTheInner() throws InterruptedException {
        dropStolenInner("stolen-1");
        awaitQuiescence();
        assertThat(reportsFor("stolen-1")).isEmpty();
    }

    private static void dropStolenInner(String marker) {
        Deferred<String> inner = Deferred.fail(new IOException(marker));
        Deferred<String> outer = Deferred.succeed("x");
        outer.addCallbackDeferred(x -> inner).addErrback(f -> "handled");
    }

    @Test
    void chainedFailureHandledNowhereIsReportedOnceByTheOuter() throws InterruptedException {
        dropChainUnhandled("chain-unhandled");
        assertThat(awaitReport("chain-unhandled")).hasSize(1);
        awaitQuiescence();
        assertThat(reportsFor("chain-unhandled")).hasSize(1);
    }

    private static void dropChainUnhandled(String marker) {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x");
        outer.addCallbackDeferred(x -> inner);
        inner.errback(new IOException(marker));
    }

    @Test
    void debugReportsIncludeCreationAndFiringStacks() throws InterruptedException {
        Deferred.setDebugging(true);
        failAndDrop("debug-1");
        Deferred.setDebugging(false);
        List<UnhandledError> mine = awaitReport("debug-1");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).creationStack()).contains("failAndDrop");
        assertThat(mine.get(0).firstFiringStack()).contains("failAndDrop");
        assertThat(mine.get(0).describe()).contains("(debug: Deferred created at)")
                .contains("(debug: Deferred first fired at)");
    }

    @Test
    void withoutDebuggingReportsHaveNoStacks() throws InterruptedException {
        failAndDrop("nodebug-1");
        List<UnhandledError> mine = awaitReport("nodebug-1");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).creationStack()).isNull();
        assertThat(mine.get(0).firstFiringStack()).isNull();
    }

    @Test
    void defaultReportGoesToTheSystemLoggerAtErrorWithTheFullCauseChain() throws InterruptedException {
        Deferred.setUnhandledErrorHandler(null);
        CapturingLogger logger = new CapturingLogger();
        System.Logger previous = FailureTracker.logger;
        FailureTracker.logger = logger;
        try {
            dropWithCause("logged-1");
            for (int i = 0; i < 500 && logger.find("logged-1") == null; i++) {
                System.gc();
                Thread.sleep(10);
            }
        } finally {
            FailureTracker.logger = previous;
        }
        CapturingLogger.Entry entry = logger.find("logged-1");
        assertThat(entry).isNotNull();
        assertThat(entry.level()).isEqualTo(System.Logger.Level.ERROR);
        assertThat(entry.message()).startsWith("Unhandled error in Deferred:");
        assertThat(entry.thrown()).hasMessage("logged-1").hasRootCauseMessage("root cause");
        assertThat(System.getLogger("net.deferred.Deferred").getName()).isEqualTo("net.deferred.Deferred");
    }

    private static void dropWithCause(String marker) {
        Deferred.fail(new IOException(marker, new IllegalStateException("root cause")));
    }

    @Test
    void brokenHandlerDoesNotStopLaterReports() throws InterruptedException {
        Deferred.setUnhandledErrorHandler(report -> {
            if ("broken-1".equals(report.failure().value().getMessage())) {
                throw new IllegalStateException("handler bug");
            }
            reports.add(report);
        });
        CapturingLogger logger = new CapturingLogger();
        System.Logger previous = FailureTracker.logger;
        FailureTracker.logger = logger;
        try {
            failAndDrop("broken-1");
            for (int i = 0; i < 500 && logger.entries.isEmpty(); i++) {
                System.gc();
                Thread.sleep(10);
            }
            failAndDrop("after-broken");
            assertThat(awaitReport("after-broken")).hasSize(1);
        } finally {
            FailureTracker.logger = previous;
        }
        assertThat(logger.entries).anySatisfy(e -> assertThat(e.message()).contains("handler failed"));
    }

    /** A System.Logger that keeps what it is given. */
    static final class CapturingLogger implements System.Logger {
        record Entry(Level level, String message, Throwable thrown) {
        }

        final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

        Entry find(String thrownMessage) {
            synchronized (entries) {
                for (Entry e : entries) {
                    if (e.thrown() != null && thrownMessage.equals(e.thrown().getMessage())) {
                        return e;
                    }
                }
            }
            return null;
        }

        @Override
        public String getName() {
            return "net.deferred.Deferred";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            entries.add(new Entry(level, msg, thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            entries.add(new Entry(level, format, null));
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
            entries.add(new Entry(level, msgSupplier.get(), thrown));
        }
    }
}
