/** The blocking façade's JDK Flight Recorder event ({@code spindle.Task}); not exported. */
package net.threadpool.internal.jfr;
