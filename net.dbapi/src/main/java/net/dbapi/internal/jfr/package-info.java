/** The connection pool's JDK Flight Recorder events ({@code spindle.PoolWait}, {@code spindle.Query}); not exported. */
package net.dbapi.internal.jfr;
