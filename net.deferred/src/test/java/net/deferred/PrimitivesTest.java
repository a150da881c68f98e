package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1.11: DeferredLock, DeferredSemaphore, DeferredQueue. */
class PrimitivesTest {

    // ---- DeferredLock

    @Test
    void lockIsAcquiredAtOnceWhenFree() {
        DeferredLock lock = new DeferredLock();
        Recorder<DeferredLock> r = Recorder.on(lock.acquire());
        assertThat(r.onlyValue()).isSameAs(lock);
        assertThat(lock.locked()).isTrue();
    }

    @Test
    void lockWaitersAreServedInOrderOnRelease() {
        DeferredLock lock = new DeferredLock();
        List<String> order = new ArrayList<>();
        lock.acquire().addCallback(l -> order.add("first"));
        lock.acquire().addCallback(l -> order.add("second"));
        lock.acquire().addCallback(l -> order.add("third"));
        assertThat(order).containsExactly("first");
        assertThat(lock.waiting()).isEqualTo(2);
        lock.release();
        assertThat(order).containsExactly("first", "second");
        assertThat(lock.locked()).isTrue();
        lock.release();
        lock.release();
        assertThat(order).containsExactly("first", "second", "third");
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void releasingAnUnlockedLockThrows() {
        assertThatThrownBy(() -> new DeferredLock().release()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unlocked");
    }

    @Test
    void lockRunHoldsTheLockUntilTheActionsDeferredFires() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> control = new Deferred<>();
        Recorder<String> r = Recorder.on(lock.runDeferred(() -> control));
        assertThat(lock.locked()).isTrue();
        List<String> next = new ArrayList<>();
        lock.acquire().addCallback(l -> next.add("acquired"));
        assertThat(next).isEmpty();
        control.callback("done");
        assertThat(r.onlyValue()).isEqualTo("done");
        assertThat(next).containsExactly("acquired");
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void lockRunReleasesOnFailureAndPassesItThrough() {
        DeferredLock lock = new DeferredLock();
        Recorder<String> r = Recorder.on(lock.run(() -> {
            throw new IOException("action failed");
        }));
        assertThat(r.onlyFailure().getErrorMessage()).isEqualTo("action failed");
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void lockRunWithAPlainValue() {
        DeferredLock lock = new DeferredLock();
        assertThat(Recorder.on(lock.run(() -> 42)).onlyValue()).isEqualTo(42);
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void lockRunWaitsForTheLock() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        List<String> ran = new ArrayList<>();
        Recorder<String> r = Recorder.on(lock.run(() -> {
            ran.add("ran");
            return "v";
        }));
        assertThat(ran).isEmpty();
        lock.release();
        assertThat(ran).containsExactly("ran");
        assertThat(r.onlyValue()).isEqualTo("v");
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void cancellingAPendingAcquireRemovesIt() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> waiting = lock.acquire();
        Recorder<DeferredLock> r = Recorder.on(waiting);
        waiting.cancel();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
        assertThat(lock.waiting()).isZero();
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void cancellingAnAcquiredLockDoesNothing() {
        DeferredLock lock = new DeferredLock();
        Deferred<DeferredLock> d = lock.acquire();
        Recorder<DeferredLock> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyValue()).isSameAs(lock);
        assertThat(lock.locked()).isTrue();
    }

    @Test
    void cancellingARunWaitingForTheLockNeverRunsTheAction() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        List<String> ran = new ArrayList<>();
        Deferred<String> run = lock.run(() -> {
            ran.add("ran");
            return "v";
        });
        Recorder<String> r = Recorder.on(run);
        run.cancel();
        lock.release();
        assertThat(ran).isEmpty();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
        assertThat(lock.locked()).isFalse();
    }

    // ---- DeferredSemaphore

    @Test
    void semaphoreGivesOutItsTokensThenQueues() {
        DeferredSemaphore sem = new DeferredSemaphore(3);
        int[] acquired = new int[1];
        for (int i = 0; i < 4; i++) {
            sem.acquire().addCallback(s -> acquired[0]++);
        }
        assertThat(acquired[0]).isEqualTo(3);
        assertThat(sem.tokens()).isZero();
        assertThat(sem.limit()).isEqualTo(3);
        assertThat(sem.waiting()).isEqualTo(1);
        sem.release();
        assertThat(acquired[0]).isEqualTo(4);
        assertThat(sem.tokens()).isZero();
        sem.release();
        sem.release();
        sem.release();
        assertThat(sem.tokens()).isEqualTo(3);
    }

    @Test
    void semaphoreReleasedTooOftenThrows() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void semaphoreNeedsAtLeastOneToken() {
        assertThatThrownBy(() -> new DeferredSemaphore(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeferredSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void semaphoreRunBoundsConcurrency() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        List<Deferred<String>> controls = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<Recorder<String>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int index = i;
            Deferred<String> control = new Deferred<>();
            controls.add(control);
            results.add(Recorder.on(sem.runDeferred(() -> {
                started.add(index);
                return control;
            })));
        }
        assertThat(started).containsExactly(0, 1);
        controls.get(1).callback("one");
        assertThat(started).containsExactly(0, 1, 2);
        controls.get(0).errback(new IOException("zero failed"));
        assertThat(started).containsExactly(0, 1, 2, 3);
        controls.get(2).callback("two");
        controls.get(3).callback("three");
        controls.get(4).callback("four");
        assertThat(results.get(0).onlyFailure().getErrorMessage()).isEqualTo("zero failed");
        assertThat(results.get(4).onlyValue()).isEqualTo("four");
        assertThat(sem.tokens()).isEqualTo(2);
    }

    @Test
    void semaphoreRunWithAPlainValue() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        assertThat(Recorder.on(sem.run(() -> "v")).onlyValue()).isEqualTo("v");
        assertThat(sem.tokens()).isEqualTo(1);
    }

    @Test
    void cancellingAPendingSemaphoreAcquireRemovesIt() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        sem.acquire();
        Deferred<DeferredSemaphore> d = sem.acquire();
        Recorder<DeferredSemaphore> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyFailure().value()).isInstanceOf(CancelledException.class);
        assertThat(sem.waiting()).isZero();
        sem.release();
        assertThat(sem.tokens()).isEqualTo(1);
    }

    @Test
    void cancellingAnAcquiredSemaphoreDoesNothing() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        Deferred<DeferredSemaphore> d = sem.acquire();
        Recorder<DeferredSemaphore> r = Recorder.on(d);
        d.cancel();
        assertThat(r.onlyValue()).isSameAs(sem);
        assertThat(sem.tokens()).isZero();
    }

    // ---- DeferredQueue

    @Test
    void queueHandsItemsToWaitingGettersInOrder() {
        DeferredQueue<Integer> queue = new DeferredQueue<>(2, 2);
        List<Integer> gotten = new ArrayList<>();
        queue.get().addCallback(gotten::add);
        queue.get().addCallback(gotten::add);
        assertThatThrownBy(queue::get).isInstanceOf(QueueUnderflowException.class);
        queue.put(0);
        assertThat(gotten).containsExactly(0);
        queue.put(1);
        assertThat(gotten).containsExactly(0, 1);
        assertThat(queue.waitingCount()).isZero();
    }

    @Test
    void queueBuffersUpToSizeThenOverflowsSynchronously() {
        DeferredQueue<Integer> queue = new DeferredQueue<>(2, 2);
        queue.put(2);
        queue.put(3);
        assertThatThrownBy(() -> queue.put(4)).isInstanceOf(QueueOverflowException.class);
        assertThat(queue.pendingCount()).isEqualTo(2);
        assertThat(Recorder.on(queue.get()).onlyValue()).isEqualTo(2);
        assertThat(Recorder.on(queue.get()).onlyValue()).isEqualTo(3);
    }

    @Test
    void unboundedQueue() {
        DeferredQueue<Integer> queue = new DeferredQueue<>();
        List<Integer> gotten = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queue.get().addCallback(gotten::add);
        }
        for (int i = 0; i < 3; i++) {
            queue.put(i);
        }
        assertThat(gotten).containsExactly(0, 1, 2);
        assertThat(queue.size()).isEqualTo(Integer.MAX_VALUE);
        assertThat(queue.backlog()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void sizeZeroOverflowsEveryPutWithoutAGetter() {
        DeferredQueue<String> queue = new DeferredQueue<>(0, Integer.MAX_VALUE);
        assertThatThrownBy(() -> queue.put("x")).isInstanceOf(QueueOverflowException.class);
        Deferred<String> getter = queue.get();
        queue.put("y");
        assertThat(getter.peek()).isEqualTo(Outcome.success("y"));
    }

    @Test
    void backlogZeroUnderflowsEveryGetOnAnEmptyQueue() {
        DeferredQueue<String> queue = new DeferredQueue<>(Integer.MAX_VALUE, 0);
        assertThatThrownBy(queue::get).isInstanceOf(QueueUnderflowException.class);
        queue.put("x");
        assertThat(queue.get().peek()).isEqualTo(Outcome.success("x"));
    }

    @Test
    void queueAcceptsNullItems() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        queue.put(null);
        assertThat(queue.get().peek()).isEqualTo(Outcome.success(null));
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new DeferredQueue<String>(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeferredQueue<String>(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingAGetThatAlreadyHasAnItemDoesNothing() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        Deferred<String> d = queue.get();
        queue.put("item");
        d.cancel();
        assertThat(d.peek()).isEqualTo(Outcome.success("item"));
    }

    @Test
    void cancellingAWaitingGetRemovesItSoTheNextPutIsQueued() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        Deferred<String> d = queue.get();
        d.cancel();
        assertThat(((Outcome.Failed<String>) d.peek()).failure().value()).isInstanceOf(CancelledException.class);
        assertThat(queue.waitingCount()).isZero();
        List<String> done = new ArrayList<>();
        d.addErrbackDeferred(f -> {
            queue.put("x");
            return queue.get();
        }).addCallback(done::add);
        assertThat(done).hasSize(1);
    }
}
