/** net.protocols' JDK Flight Recorder events ({@code spindle.TLSHandshake}); not exported. */
package net.protocols.internal.jfr;
