package net.reactor.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.Transport;
import net.reactor.internal.StdioConnection;

/**
 * Connects a {@link Protocol} to this program's own stdin and stdout (Twisted's
 * {@code twisted.internet.stdio.StandardIO}), so a console is an ordinary protocol, for example a
 * {@code LineReceiver}:
 *
 * {@snippet :
 * Reactor reactor = Reactor.create();
 * StandardIO.connect(reactor, new Protocol() {
 *     @Override
 *     public void dataReceived(byte[] data) {
 *         transport().write(data); // echo what is typed
 *     }
 * });
 * reactor.run();
 * }
 *
 * <p>stdin is read by one daemon thread and stdout written by another, as a child's pipes are;
 * flow control works as on a TCP transport (pausing the transport stops reading stdin; writes
 * past the high-water mark pause a registered producer). End of input: a
 * {@link net.reactor.HalfCloseableProtocol} gets {@code readConnectionLost} and may go on
 * writing; any other protocol's connection closes once what it wrote is out, with
 * {@link net.reactor.ConnectionDoneException}. {@code loseConnection} closes the program's stdout
 * (file descriptor 1) after the buffered bytes, so the reader at the other end sees end of file.
 * Both addresses are an unnamed {@link net.reactor.UNIXAddress} (Twisted's PipeAddress has no
 * fields either).
 *
 * <p>Limit: a read of stdin cannot be interrupted in Java, so after {@code loseConnection} the
 * reading thread ends only when stdin next gives data or end of file (nothing more is delivered).
 *
 * <p><b>Threading:</b> call on the reactor thread (or before it runs, its creating thread).
 */
public final class StandardIO {
    private StandardIO() {}

    /**
     * Connects {@code protocol} to the process's stdin and stdout (the file descriptors, not
     * {@code System.in}/{@code System.out}, whose buffering would get in between).
     *
     * @param reactor a reactor made by {@link Reactor#create()}
     * @param protocol the protocol; its {@code makeConnection} runs now
     * @return the transport
     * @throws IllegalArgumentException if {@code reactor} is not one {@code Reactor.create} made
     */
    public static Transport connect(Reactor reactor, Protocol protocol) {
        return connect(reactor, protocol, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
    }

    /**
     * Connects {@code protocol} to any pair of blocking streams, the same way.
     *
     * @param reactor a reactor made by {@link Reactor#create()}
     * @param protocol the protocol; its {@code makeConnection} runs now
     * @param in read on a thread of its own; closed when the connection ends
     * @param out written on a thread of its own; closed when the connection ends
     * @return the transport
     * @throws IllegalArgumentException if {@code reactor} is not one {@code Reactor.create} made
     */
    public static Transport connect(Reactor reactor, Protocol protocol, InputStream in, OutputStream out) {
        return StdioConnection.connect(reactor, protocol, in, out);
    }
}
