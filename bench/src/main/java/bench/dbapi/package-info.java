/**
 * The connection pool's own load run: point queries through Spindle's {@code runQuery} against
 * plain JDBC on virtual threads, on H2 in process and on a real PostgreSQL server
 * ({@link bench.dbapi.PoolThroughput}, started by {@code bench/run --pool-throughput}).
 */
@NullMarked
package bench.dbapi;

import org.jspecify.annotations.NullMarked;
