/**
 * The memcache client's benchmark: pipelined gets per client CPU-second, Spindle's
 * {@code MemcacheProtocol} against spymemcached on the same memcached.
 */
package bench.memcache;
