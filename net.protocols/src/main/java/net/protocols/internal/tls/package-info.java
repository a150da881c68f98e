/**
 * The TLS layer's machinery (not exported): {@link net.protocols.internal.tls.TLSConnection} drives
 * an SSLEngine between a transport and a protocol; the rest sets up BouncyCastle's providers,
 * builds SSLContexts from the options, loads keys, and chooses certificates by SNI.
 */
@NullMarked
package net.protocols.internal.tls;

import org.jspecify.annotations.NullMarked;
