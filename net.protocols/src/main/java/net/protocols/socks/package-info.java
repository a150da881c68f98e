/**
 * A SOCKSv4 / SOCKSv4a server, as Twisted's {@code twisted.protocols.socks}, made safe to expose:
 * {@link net.protocols.socks.SOCKSv4Factory} serves CONNECT and BIND requests that its
 * {@link net.protocols.socks.AccessPolicy} allows (closed by default, see
 * {@link net.protocols.socks.AllowList}), resolves SOCKSv4a host names off the reactor thread and
 * checks the address they resolve to, and relays both directions with flow control. The same
 * server speaks SOCKSv5 CONNECT without authentication to clients that ask for version 5.
 */
@NullMarked
package net.protocols.socks;

import org.jspecify.annotations.NullMarked;
