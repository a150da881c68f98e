package net.reactor.internal;

import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.reactor.LogText;

/**
 * A System.Logger that never lets a failure of the logger it wraps reach its caller: the reactor
 * logs from inside its loop, and a logger that throws (a logging back end that cannot open a file
 * or load a class while the process is out of descriptors throws {@code ExceptionInInitializerError})
 * must not end the loop. A failure is counted and reported on standard error, the first time and
 * then at each power of two, so a logger that always fails does not flood it. Only a
 * {@link VirtualMachineError} passes through. Any thread.
 */
final class GuardedLogger implements System.Logger {
    private final System.Logger delegate;
    private final AtomicLong failures = new AtomicLong();

    GuardedLogger(System.Logger delegate) {
        this.delegate = delegate;
    }

    /** Wraps {@code log} unless it is already guarded. */
    static GuardedLogger of(System.Logger log) {
        return log instanceof GuardedLogger g ? g : new GuardedLogger(log);
    }

    /** How many calls to the wrapped logger threw. */
    long failures() {
        return failures.get();
    }

    @Override
    public String getName() {
        try {
            return delegate.getName();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, "getName");
            return "?";
        }
    }

    @Override
    public boolean isLoggable(Level level) {
        try {
            return delegate.isLoggable(level);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, "isLoggable");
            return false;
        }
    }

    @Override
    public void log(Level level, String msg) {
        try {
            delegate.log(level, msg);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, msg);
        }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        try {
            delegate.log(level, msgSupplier);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, "(supplied message)");
        }
    }

    @Override
    public void log(Level level, String msg, Throwable thrown) {
        try {
            delegate.log(level, msg, thrown);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, msg);
        }
    }

    @Override
    public void log(Level level, String format, Object... params) {
        try {
            delegate.log(level, format, params);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, format);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        try {
            delegate.log(level, bundle, msg, thrown);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, msg);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        try {
            delegate.log(level, bundle, format, params);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failed(e, format);
        }
    }

    private void failed(Throwable error, String what) {
        long n = failures.incrementAndGet();
        if (Long.bitCount(n) != 1) {
            return;
        }
        try {
            // One line, no stack trace: printing a trace may need what the logger could not get.
            System.err.println("logger " + delegateName() + " threw " + error + " (" + n
                    + (n == 1 ? " failure" : " failures") + " so far); the message was: "
                    + LogText.escape(String.valueOf(what)));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable ignored) {
            // Nowhere left to report it; the count still shows it.
        }
    }

    private String delegateName() {
        try {
            return delegate.getName();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return delegate.getClass().getName();
        }
    }
}
