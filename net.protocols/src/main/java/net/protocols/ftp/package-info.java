/**
 * FTP (RFC 959, with RFC 2228/4217 explicit TLS, RFC 2428 EPSV/EPRT and RFC 3659 SIZE, MDTM,
 * MLST and REST STREAM), as Twisted's {@code twisted.protocols.ftp}: {@link net.protocols.ftp.FTPFactory}
 * serves {@link net.protocols.ftp.FTP} sessions that log in through a
 * {@link net.protocols.ftp.CredentialChecker} and work on an {@link net.protocols.ftp.FTPShell},
 * by default a {@link net.protocols.ftp.FileSystemShell} confined to one directory. Files are
 * streamed between disk and data connection with flow control, read and written on virtual
 * threads, never on the reactor thread and never whole in memory.
 */
@NullMarked
package net.protocols.ftp;

import org.jspecify.annotations.NullMarked;
