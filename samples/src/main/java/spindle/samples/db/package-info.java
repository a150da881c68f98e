/**
 * Asynchronous database access: the same work written twice against net.dbapi's connection
 * pool, once as reactor code chaining Deferreds and once as blocking-style code awaiting them.
 */
@NullMarked
package spindle.samples.db;

import org.jspecify.annotations.NullMarked;
