/**
 * Deferred results: a callback chain that fires once with a value or a {@link net.deferred.Failure}.
 *
 * <p>A {@link net.deferred.Deferred} is not thread-safe: it is confined to the thread that fires
 * it, normally the reactor thread. {@link net.deferred.Deferred#fromCompletionStage} and
 * {@link net.deferred.Deferred#toCompletableFuture} bridge to code on other threads.
 *
 * <p>Names follow Twisted's {@code twisted.internet.defer}; Twisted's error classes map to the
 * unchecked exceptions of this package ({@code AlreadyCalledError} is
 * {@link net.deferred.AlreadyCalledException}, {@code CancelledError} is
 * {@link net.deferred.CancelledException}, {@code TimeoutError} is
 * {@link net.deferred.DeferredTimeoutException}, {@code FirstError} is
 * {@link net.deferred.FirstErrorException}).
 */
@NullMarked
package net.deferred;

import org.jspecify.annotations.NullMarked;
