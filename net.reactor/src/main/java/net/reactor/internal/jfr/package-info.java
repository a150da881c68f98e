/**
 * The reactor's JDK Flight Recorder events ({@code spindle.*}); not exported. Each event is
 * created only after checking that a recording enables it, so without a recording they cost a
 * static field read.
 */
package net.reactor.internal.jfr;
