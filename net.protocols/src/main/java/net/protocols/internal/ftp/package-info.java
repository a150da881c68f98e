/**
 * The FTP server's implementation: the command parser, path resolution, listing formats, data
 * connections and the file producer and consumer. Not exported.
 */
@NullMarked
package net.protocols.internal.ftp;

import org.jspecify.annotations.NullMarked;
