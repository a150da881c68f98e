/**
 * The Identification Protocol (RFC 1413), after Twisted's {@code twisted.protocols.ident}:
 * {@link net.protocols.ident.IdentServer} answers "who owns this connection" queries through a
 * pluggable {@link net.protocols.ident.IdentLookup}, and {@link net.protocols.ident.IdentClient}
 * asks them, each answer a Deferred of an {@link net.protocols.ident.IdentUserId} or an
 * {@link net.protocols.ident.IdentErrorException}.
 *
 * <p>Everything here runs on the reactor thread, like every protocol.
 */
@NullMarked
package net.protocols.ident;

import org.jspecify.annotations.NullMarked;
