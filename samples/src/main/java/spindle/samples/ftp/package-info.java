/**
 * The FTP server sample ({@code samples/run ftp-server}).
 */
package spindle.samples.ftp;
