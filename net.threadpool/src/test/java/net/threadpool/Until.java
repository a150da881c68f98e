package net.threadpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BooleanSupplier;

/** Waits for a condition that another thread makes true, failing (not hanging) after 30 s. */
final class Until {
    private Until() {}

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting for: " + what).isNegative();
            Thread.yield();
        }
    }
}
