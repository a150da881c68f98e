package net.deferred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** §1.10: Failure. */
class FailureTest {

    @Test
    void keepsTheOriginalExceptionAndItsType() {
        IOException e = new IOException("msg");
        Failure f = new Failure(e);
        assertThat(f.value()).isSameAs(e);
        assertThat(f.type()).isEqualTo(IOException.class);
    }

    @Test
    void checkReturnsTheFirstGivenTypeThatMatches() {
        Failure f = new Failure(new FileNotFoundException());
        assertThat(f.check(IllegalStateException.class, IOException.class, FileNotFoundException.class))
                .isEqualTo(IOException.class);
        assertThat(f.check(FileNotFoundException.class)).isEqualTo(FileNotFoundException.class);
    }

    @Test
    void checkReturnsNullWhenNothingMatches() {
        assertThat(new Failure(new IOException()).check(IllegalStateException.class, RuntimeException.class)).isNull();
        assertThat(new Failure(new IOException()).check()).isNull();
    }

    @Test
    void trapReturnsTheMatchedType() {
        assertThat(new Failure(new FileNotFoundException()).trap(IOException.class)).isEqualTo(IOException.class);
    }

    @Test
    void trapRethrowsTheOriginalExceptionWhenNothingMatches() {
        IOException e = new IOException("original");
        Failure f = new Failure(e);
        assertThatThrownBy(() -> f.trap(IllegalStateException.class)).isSameAs(e);
    }

    @Test
    void raiseExceptionThrowsTheOriginalCheckedException() {
        IOException e = new IOException();
        Failure f = new Failure(e);
        assertThatThrownBy(f::raiseException).isSameAs(e);
    }

    @Test
    void errorMessageIsTheExceptionMessageOrItsClassName() {
        assertThat(new Failure(new IOException("disk full")).getErrorMessage()).isEqualTo("disk full");
        assertThat(new Failure(new IOException()).getErrorMessage()).isEqualTo("java.io.IOException");
    }

    @Test
    void tracebackHasTheStackAndTheCauseChain() {
        Failure f = new Failure(new IOException("outer", new IllegalStateException("inner cause")));
        assertThat(f.getTraceback()).contains("java.io.IOException: outer")
                .contains("Caused by: java.lang.IllegalStateException: inner cause")
                .contains(getClass().getName());
    }

    @Test
    void failureOfAFailureCopiesInsteadOfNesting() {
        Failure inner = new Failure(new IOException());
        Failure copy = new Failure(inner);
        assertThat(copy.value()).isSameAs(inner.value());
        assertThat(copy).isEqualTo(inner).hasSameHashCodeAs(inner);
    }

    @Test
    void equalityIsByExceptionIdentity() {
        assertThat(new Failure(new IOException("a"))).isNotEqualTo(new Failure(new IOException("a")));
    }

    @Test
    void toStringIsReadable() {
        assertThat(new Failure(new IOException("disk full"))).hasToString("Failure[java.io.IOException: disk full]");
        assertThat(new Failure(new IOException())).hasToString("Failure[java.io.IOException]");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> new Failure((Throwable) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Failure((Failure) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Failure(new IOException()).check((Class<? extends Throwable>) null))
                .isInstanceOf(NullPointerException.class);
    }
}
