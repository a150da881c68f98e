/**
 * The pool's machinery: connection workers (one long-lived virtual thread per connection), the
 * FIFO wait queue, the batched hand-off of results to the reactor thread, statement caches, row
 * materialisation and the classification of SQL errors. Not exported.
 */
@NullMarked
package net.dbapi.internal;

import org.jspecify.annotations.NullMarked;
