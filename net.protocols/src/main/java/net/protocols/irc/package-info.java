/**
 * An IRC client (RFC 1459 / RFC 2812 with IRCv3 message tags), after Twisted's
 * {@code twisted.words.protocols.irc.IRCClient}: {@link net.protocols.irc.IRCClient} registers,
 * answers PINGs, joins, parts, talks, and reports what happens as past-tense event methods;
 * {@link net.protocols.irc.IRCMessage} parses and formats one protocol line.
 *
 * <p>Everything here runs on the reactor thread, like every protocol.
 */
@NullMarked
package net.protocols.irc;

import org.jspecify.annotations.NullMarked;
