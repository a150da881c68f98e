/**
 * Implementation shared by the protocol helpers; not exported.
 */
@NullMarked
package net.protocols.internal;

import org.jspecify.annotations.NullMarked;
