package net.protocols.ftp;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.deferred.Deferred;
import net.deferred.DeferredLock;
import net.deferred.Outcome;
import net.protocols.basic.LineReceiver;
import net.protocols.internal.ftp.ClientDataConnection;
import net.protocols.internal.ftp.DiskReadFile;
import net.protocols.internal.ftp.DiskWriteFile;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSClientOptions;
import net.reactor.Address;
import net.reactor.ClientFactory;
import net.reactor.ConnectionDoneException;
import net.reactor.Connector;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.ListeningPort;
import net.reactor.Producer;
import net.reactor.Protocol;
import net.reactor.Reactor;
import net.reactor.ReactorTCP;
import net.reactor.ServerFactory;
import net.reactor.endpoints.Endpoints;
import net.reactor.endpoints.TCPClientEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * An FTP client (Twisted's {@code FTPClient}): each operation returns a Deferred, and operations run one after the other in the order they were called, so they may be
 * issued without waiting.
 *
 * {@snippet :
 * FTPClient.connect(reactor, "127.0.0.1", 2121)
 *         .addCallbackDeferred(ftp -> ftp.login("alice", "secret")
 *                 .addCallbackDeferred(ok -> ftp.retrieveFile("pub/big.iso", Path.of("big.iso")))
 *                 .addCallbackDeferred(bytes -> ftp.quit().addCallback(bye -> bytes)));
 * }
 *
 * <p><b>Replies</b> are parsed into {@link FTPReply} (multi-line ones too). An operation the
 * server refuses fails with an {@link FTPReplyException} carrying the reply's code and text; a
 * server that does not speak FTP closes the connection with an {@link FTPProtocolException}, and
 * a lost connection fails every waiting operation with the loss's reason.
 *
 * <p><b>Data connections</b> are passive (PASV) by default; the client connects to the control
 * connection's own peer address and ignores the address the server announces (as curl does by
 * default), so a server cannot make it connect elsewhere. {@link #setPassive setPassive(false)}
 * switches to active mode: the client listens on the control connection's local address and
 * sends PORT (IPv4) or EPRT (IPv6), and accepts one connection, from the server's address only. Downloads go into a {@link net.reactor.Consumer} that
 * may pause the data connection; uploads come from a {@link ReadFile} (a producer); the
 * {@link Path} forms stream from and to disk on virtual threads.
 *
 * <p><b>Explicit FTPS</b> (RFC 4217): {@link #startTLS} sends AUTH TLS, starts TLS on the control
 * connection as the client, then PBSZ 0 and PROT P, after which every data connection is TLS too
 * (the client is the TLS client on them, in both modes).
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class FTPClient extends LineReceiver {
    private static final int MAX_REPLY_LINES = 100_000;
    private static final Pattern PASV = Pattern.compile("(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3})");

    private final Reactor reactor;
    private final DeferredLock operations = new DeferredLock();
    private final Deferred<FTPReply> greeting = new Deferred<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private @Nullable Pending inFlight;
    private int multiCode;
    private @Nullable List<String> multiLines;
    private @Nullable Throwable lostReason;
    private boolean passive = true;
    private @Nullable Outcome<FTPReply> greeted;
    private final List<Deferred<FTPReply>> greetingWaiters = new ArrayList<>();
    private @Nullable TLSClientOptions dataTLS;

    /** One command waiting for its final reply. */
    private record Pending(@Nullable String line, Consumer<FTPReply> preliminary, Deferred<FTPReply> result) {}

    /**
     * Creates a client; connect it with an endpoint, or use {@link #connect}.
     *
     * @param reactor connects the data connections and runs file work for the {@link Path} forms
     */
    public FTPClient(Reactor reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        inFlight = new Pending(null, r -> {}, greeting);
        greeting.addBoth(outcome -> {
            greeted = outcome;
            for (Deferred<FTPReply> waiter : greetingWaiters) {
                fire(waiter, outcome);
            }
            greetingWaiters.clear();
            return null;
        });
    }

    private static void fire(Deferred<FTPReply> waiter, Outcome<FTPReply> outcome) {
        switch (outcome) {
            case Outcome.Success<FTPReply> s -> waiter.callback(s.value());
            case Outcome.Failed<FTPReply> f -> waiter.errback(f.failure());
        }
    }

    /**
     * Connects to an FTP server and waits for its greeting.
     *
     * @param reactor the reactor
     * @param host the server's host
     * @param port its port
     * @return fires with the client once the server has greeted it (220); fails if the connection
     *     fails or the server refuses (421)
     */
    public static Deferred<FTPClient> connect(Reactor reactor, String host, int port) {
        FTPClient client = new FTPClient(reactor);
        return Endpoints.connectProtocol(new TCPClientEndpoint(reactor, host, port), client)
                .addCallbackDeferred(c -> c.greeting().addCallback(g -> c));
    }

    /**
     * Connects and logs in, in one step (Twisted's {@code FTPClientBasic} convenience): the
     * greeting, USER, PASS and TYPE I.
     *
     * @param reactor the reactor
     * @param host the server's host
     * @param port its port
     * @param user the user name
     * @param password the password
     * @return fires with the logged-in client; fails as {@link #connect} or {@link #login} do (a
     *     refused login closes the control connection first)
     */
    public static Deferred<FTPClient> connect(Reactor reactor, String host, int port, String user, String password) {
        return connect(reactor, host, port).addCallbackDeferred(c -> c.login(user, password).addCallback(ok -> c)
                .addErrback(f -> {
                    c.transport().loseConnection();
                    throw f.raiseException();
                }));
    }

    /**
     * The server's greeting.
     *
     * @return a new Deferred each call: fires with the 220 reply, or fails with the refusal
     */
    public Deferred<FTPReply> greeting() {
        Deferred<FTPReply> d = new Deferred<>();
        Outcome<FTPReply> g = greeted;
        if (g != null) {
            fire(d, g);
        } else {
            greetingWaiters.add(d);
        }
        return d;
    }

    /**
     * Chooses passive (PASV, the default) or active (PORT/EPRT) data connections for the
     * transfers issued from now on.
     *
     * @param passive true for passive mode, false for active mode
     */
    public void setPassive(boolean passive) {
        this.passive = passive;
    }

    /**
     * Whether transfers use passive mode.
     *
     * @return true for passive (the default), false for active
     */
    public boolean isPassive() {
        return passive;
    }

    // ---------------------------------------------------------------------------------------
    // Operations

    /**
     * Protects the session with TLS (explicit FTPS, RFC 4217): AUTH TLS, then the TLS handshake
     * on the control connection as the client, then PBSZ 0 and PROT P, so that the data
     * connections are protected too. Call it before {@link #login}, so the password travels
     * encrypted.
     *
     * @param options trust and host name verification; a self-signed server needs
     *     {@link TLSClientOptions#trusting}, and its name {@link TLSClientOptions#withServerName}
     *     when the certificate does not name the address connected to
     * @return fires with the PROT reply (200); fails with an {@link FTPReplyException} when the
     *     server refuses AUTH TLS (the session stays in clear text then), or the connection ends
     *     with a {@code TLSException} if the handshake fails
     */
    public Deferred<FTPReply> startTLS(TLSClientOptions options) {
        Objects.requireNonNull(options, "options");
        return operation(() -> command("AUTH TLS").addCallbackDeferred(r -> {
            if (r.code() != 234) {
                throw new FTPReplyException(r.code(), oneLine(r));
            }
            // The server waits for our ClientHello: start TLS before anything else is written.
            TLS.startTLS(transport(), options);
            return command("PBSZ 0");
        }).addCallbackDeferred(pbsz -> command("PROT P")).addCallback(prot -> {
            dataTLS = options;
            return prot;
        }));
    }

    /**
     * Logs in (USER, then PASS if asked), then switches to binary transfers (TYPE I).
     *
     * @param user the user name
     * @param password the password
     * @return fires with the 230 reply; fails with a 530 {@link FTPReplyException}
     */
    public Deferred<FTPReply> login(String user, String password) {
        return operation(() -> command("USER " + user).addCallbackDeferred(r -> r.code() == 331 || r.code() == 332
                ? command("PASS " + password) : Deferred.succeed(r))
                .addCallbackDeferred(loggedIn -> command("TYPE I").addCallback(t -> loggedIn)));
    }

    /**
     * The working directory (PWD).
     *
     * @return fires with the path the server quoted
     */
    public Deferred<String> pwd() {
        return operation(() -> command("PWD").addCallback(r -> {
            String text = r.lines().getFirst();
            int start = text.indexOf('"');
            int end = start < 0 ? -1 : closingQuote(text, start + 1);
            if (end < 0) {
                throw new FTPProtocolException("no quoted path in the PWD reply: " + text);
            }
            return text.substring(start + 1, end).replace("\"\"", "\"");
        }));
    }

    /**
     * Changes the working directory (CWD).
     *
     * @param path the directory
     * @return fires with the 250 reply
     */
    public Deferred<FTPReply> cwd(String path) {
        return simple("CWD " + path);
    }

    /**
     * The size of a file (SIZE).
     *
     * @param path the file
     * @return fires with its size in bytes
     */
    public Deferred<Long> size(String path) {
        return operation(() -> command("SIZE " + path).addCallback(r -> {
            try {
                return Long.parseLong(r.lines().getFirst().strip());
            } catch (NumberFormatException e) {
                throw new FTPProtocolException("not a size: " + r.lines().getFirst());
            }
        }));
    }

    /**
     * Creates a directory (MKD).
     *
     * @param path the new directory
     * @return fires with the 257 reply
     */
    public Deferred<FTPReply> makeDirectory(String path) {
        return simple("MKD " + path);
    }

    /**
     * Removes a directory (RMD).
     *
     * @param path the directory
     * @return fires with the 250 reply
     */
    public Deferred<FTPReply> removeDirectory(String path) {
        return simple("RMD " + path);
    }

    /**
     * Removes a file (DELE).
     *
     * @param path the file
     * @return fires with the 250 reply
     */
    public Deferred<FTPReply> removeFile(String path) {
        return simple("DELE " + path);
    }

    /**
     * Renames a file or directory (RNFR, RNTO).
     *
     * @param from the existing name
     * @param to the new name
     * @return fires with the 250 reply
     */
    public Deferred<FTPReply> rename(String from, String to) {
        return operation(() -> command("RNFR " + from).addCallbackDeferred(r -> command("RNTO " + to)));
    }

    /**
     * Lists a directory in the server's long format (LIST).
     *
     * @param path the directory, or "" for the working directory
     * @return fires with the listing's lines
     */
    public Deferred<List<String>> list(String path) {
        return textTransfer(path.isEmpty() ? "LIST" : "LIST " + path);
    }

    /**
     * Lists the names in a directory (NLST).
     *
     * @param path the directory, or "" for the working directory
     * @return fires with the names
     */
    public Deferred<List<String>> nlst(String path) {
        return textTransfer(path.isEmpty() ? "NLST" : "NLST " + path);
    }

    /**
     * Downloads a file into a consumer (RETR), which may pause the data connection.
     *
     * @param path the remote file
     * @param consumer where the bytes go; the data connection is registered there as a
     *     streaming producer and unregistered at the end
     * @return fires with the number of bytes received once the transfer is complete (226)
     */
    public Deferred<Long> retrieveFile(String path, net.reactor.Consumer consumer) {
        return retrieveFile(path, consumer, 0);
    }

    /**
     * Downloads a file from an offset (REST, then RETR).
     *
     * @param path the remote file
     * @param consumer where the bytes go
     * @param offset where to start, 0 for the whole file
     * @return fires with the number of bytes received
     */
    public Deferred<Long> retrieveFile(String path, net.reactor.Consumer consumer, long offset) {
        return operation(() -> openData().addCallbackDeferred(data -> {
            data.receiveInto(consumer);
            return restart(offset, data).addCallbackDeferred(ok -> transfer("RETR " + path, data, r -> {}))
                    .addCallback(done -> data.received());
        }));
    }

    /**
     * Downloads a file to disk, written on virtual threads as it arrives (created or truncated).
     *
     * @param path the remote file
     * @param local where to write it
     * @return fires with the number of bytes written
     */
    public Deferred<Long> retrieveFile(String path, Path local) {
        return retrieveFile(path, local, 0);
    }

    /**
     * Resumes a download to disk (REST, then RETR): the local file keeps its first {@code offset}
     * bytes (it is cut there if longer) and the rest is written after them.
     *
     * @param path the remote file
     * @param local where to write it (created if missing)
     * @param offset where the download starts, 0 for the whole file (the local file is truncated)
     * @return fires with the number of bytes written, those after the offset
     */
    public Deferred<Long> retrieveFile(String path, Path local, long offset) {
        if (offset < 0) {
            return Deferred.fail(new IllegalArgumentException("negative offset " + offset));
        }
        return reactor.deferToThread(() -> positioned(FileChannel.open(local, StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE), offset, true))
                .addCallbackDeferred(channel -> {
                    DiskWriteFile file = new DiskWriteFile(reactor, channel);
                    return retrieveFile(path, file, offset).addBothDeferred(outcome -> {
                        if (outcome instanceof Outcome.Failed<Long> f) {
                            file.abort();
                            return Deferred.<Long>fail(f.failure());
                        }
                        return file.close();
                    });
                });
    }

    /**
     * Uploads a file (STOR) from a producer.
     *
     * @param path the remote file
     * @param source what to send; it is sent once the server has opened the transfer
     * @return fires with the number of bytes sent once the server confirms (226)
     */
    public Deferred<Long> storeFile(String path, ReadFile source) {
        return storeFile(path, source, 0);
    }

    /**
     * Uploads from an offset (REST, then STOR): the server keeps its first {@code offset} bytes.
     *
     * @param path the remote file
     * @param source what to send, starting at the offset
     * @param offset where the upload starts, 0 to replace the file
     * @return fires with the number of bytes sent
     */
    public Deferred<Long> storeFile(String path, ReadFile source, long offset) {
        return operation(() -> openData().addCallbackDeferred(data -> {
            long[] sent = {0};
            return restart(offset, data).addCallbackDeferred(ok -> transfer("STOR " + path, data, preliminary ->
                    data.made().addCallbackDeferred(connected -> source.send(data.transport())).addBoth(outcome -> {
                        if (outcome instanceof Outcome.Success<Long> s) {
                            sent[0] = s.value();
                            data.finish();
                        } else if (data.connected()) {
                            data.transport().abortConnection();
                        }
                        return null;
                    }))).addCallback(done -> sent[0]);
        }).addErrback(f -> {
            source.close();
            throw f.raiseException();
        }));
    }

    /**
     * Uploads a file from disk, read on virtual threads.
     *
     * @param path the remote file
     * @param local the file to send
     * @return fires with the number of bytes sent
     */
    public Deferred<Long> storeFile(String path, Path local) {
        return storeFile(path, local, 0);
    }

    /**
     * Resumes an upload from disk (REST, then STOR): sends the local file from {@code offset},
     * and the server keeps its first {@code offset} bytes.
     *
     * @param path the remote file
     * @param local the file to send
     * @param offset where the upload starts (typically the remote file's {@link #size}), 0 for
     *     the whole file
     * @return fires with the number of bytes sent, those after the offset
     */
    public Deferred<Long> storeFile(String path, Path local, long offset) {
        if (offset < 0) {
            return Deferred.fail(new IllegalArgumentException("negative offset " + offset));
        }
        return reactor.deferToThread(() -> positioned(FileChannel.open(local, StandardOpenOption.READ), offset, false))
                .addCallbackDeferred(channel -> storeFile(path, new DiskReadFile(reactor, channel), offset));
    }

    /** Moves a freshly opened channel to {@code offset} (cutting a file being written there). */
    private static FileChannel positioned(FileChannel channel, long offset, boolean cut) throws java.io.IOException {
        try {
            if (cut) {
                channel.truncate(offset);
            }
            channel.position(offset);
            return channel;
        } catch (java.io.IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Says goodbye (QUIT); the server then closes the connection.
     *
     * @return fires with the 221 reply
     */
    public Deferred<FTPReply> quit() {
        return simple("QUIT");
    }

    /**
     * Sends any command and waits for its final reply; preliminary (1xx) replies are skipped.
     * Refusals (4xx, 5xx) fail it. Use it for commands this class has no method for.
     *
     * @param line the command line, without CRLF
     * @return fires with the final reply
     */
    public Deferred<FTPReply> quote(String line) {
        return simple(line);
    }

    // ---------------------------------------------------------------------------------------
    // Machinery

    private <T> Deferred<T> operation(net.deferred.ThrowingSupplier<Deferred<T>> action) {
        return operations.runDeferred(action);
    }

    private Deferred<FTPReply> simple(String line) {
        return operation(() -> command(line));
    }

    private Deferred<FTPReply> command(String line) {
        return command(line, r -> {});
    }

    private Deferred<FTPReply> command(String line, Consumer<FTPReply> preliminary) {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            return Deferred.fail(new IllegalArgumentException("a command is one line: " + line));
        }
        Throwable lost = lostReason;
        if (lost != null) {
            return Deferred.fail(lost);
        }
        Deferred<FTPReply> result = new Deferred<>();
        queue.add(new Pending(line, preliminary, result));
        sendNext();
        return result;
    }

    private void sendNext() {
        if (inFlight != null || queue.isEmpty() || !connected()) {
            return;
        }
        Pending next = queue.poll();
        inFlight = next;
        sendLine(Objects.requireNonNull(next.line()).getBytes(StandardCharsets.UTF_8));
    }

    private Deferred<ClientDataConnection> openData() {
        return passive ? openPassive() : openActive();
    }

    private Deferred<ClientDataConnection> openPassive() {
        return command("PASV").addCallbackDeferred(r -> {
            Matcher m = PASV.matcher(r.text());
            if (r.code() != 227 || !m.find()) {
                throw new FTPProtocolException("cannot read the PASV reply: " + r.code() + " " + r.text());
            }
            int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
            if (port < 1 || port > 65535) {
                throw new FTPProtocolException("PASV announced port " + port);
            }
            ClientDataConnection data = new ClientDataConnection(dataTLS);
            Connector unused = reactor.connectTCP(peerHost(), port, new ClientFactory() {
                @Override
                public Protocol buildProtocol(Address address) {
                    return data;
                }

                @Override
                public void clientConnectionFailed(Connector connector, Throwable reason) {
                    data.failed(reason);
                }
            });
            Objects.requireNonNull(unused);
            return data.made();
        });
    }

    /**
     * Active mode: listens on the control connection's local address (any free port), accepts one
     * connection, from the server's address only, and tells the server with PORT or EPRT.
     */
    private Deferred<ClientDataConnection> openActive() {
        Address local = transport().getHost();
        String peer = peerHost();
        ClientDataConnection data = new ClientDataConnection(dataTLS);
        boolean[] taken = {false};
        ServerFactory factory = new ServerFactory() {
            @Override
            public @Nullable Protocol buildProtocol(Address address) {
                if (taken[0] || !sameHost(address, peer)) {
                    return null; // one connection, and only from the server we talk to
                }
                taken[0] = true;
                return data;
            }
        };
        String localHost = switch (local) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> throw new FTPProtocolException("not a TCP connection: " + local);
        };
        ListeningPort listening = reactor.listenTCP(0, factory, ReactorTCP.DEFAULT_BACKLOG, localHost);
        data.onGiveUp(listening::stopListening);
        int port = switch (listening.getHost()) {
            case IPv4Address a -> a.port();
            case IPv6Address a -> a.port();
            default -> throw new IllegalStateException("not a TCP port: " + listening.getHost());
        };
        String line = local instanceof IPv4Address
                ? "PORT " + localHost.replace('.', ',') + "," + (port >> 8) + "," + (port & 0xff)
                : "EPRT |2|" + localHost + "|" + port + "|";
        return command(line).addCallback(r -> data).addErrback(f -> {
            data.giveUp();
            throw f.raiseException();
        });
    }

    private static boolean sameHost(Address address, String host) {
        String other = switch (address) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> null;
        };
        if (other == null) {
            return false;
        }
        try {
            // Both are numeric addresses from the reactor: no name is looked up.
            return other.equals(host) || InetAddress.getByName(other).equals(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Deferred<@Nullable Void> restart(long offset, ClientDataConnection data) {
        if (offset <= 0) {
            return Deferred.succeed(null);
        }
        return command("REST " + offset).addCallback(r -> (Void) null).addErrback(f -> {
            data.giveUp();
            throw f.raiseException();
        });
    }

    /** The transfer command, its final reply, and the data connection's end: all three. */
    private Deferred<@Nullable Void> transfer(String line, ClientDataConnection data, Consumer<FTPReply> started) {
        return command(line, started).addErrback(f -> {
            data.giveUp();
            throw f.raiseException();
        }).addCallbackDeferred(reply -> data.lost()).addCallback(reason -> {
            if (!(reason instanceof ConnectionDoneException)) {
                throw reason instanceof RuntimeException e ? e : new FTPProtocolException(String.valueOf(reason));
            }
            return null;
        });
    }

    private Deferred<List<String>> textTransfer(String line) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        net.reactor.Consumer collect = new net.reactor.Consumer() {
            @Override
            public void registerProducer(Producer producer, boolean streaming) {}

            @Override
            public void unregisterProducer() {}

            @Override
            public void write(byte[] data) {
                text.writeBytes(data);
            }
        };
        return operation(() -> openData().addCallbackDeferred(data -> {
            data.receiveInto(collect);
            return transfer(line, data, r -> {});
        })).addCallback(done -> {
            List<String> lines = new ArrayList<>();
            for (String l : text.toString(StandardCharsets.UTF_8).split("\r?\n")) {
                if (!l.isEmpty()) {
                    lines.add(l);
                }
            }
            return lines;
        });
    }

    private String peerHost() {
        return switch (transport().getPeer()) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> throw new FTPProtocolException("not a TCP connection: " + transport().getPeer());
        };
    }

    private static int closingQuote(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------
    // Replies

    /**
     * Parses reply lines, single and multi-line, and hands each complete reply to the command
     * that waits for it.
     *
     * @param line one line without CRLF
     */
    @Override
    protected void lineReceived(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        List<String> lines = multiLines;
        if (lines != null) {
            if (text.length() >= 4 && text.startsWith(Integer.toString(multiCode)) && text.charAt(3) == ' ') {
                lines.add(text.substring(4));
                multiLines = null;
                replyReceived(new FTPReply(multiCode, lines));
            } else if (lines.size() >= MAX_REPLY_LINES) {
                transport().loseConnection(new FTPProtocolException("a multi-line reply of more than "
                        + MAX_REPLY_LINES + " lines"));
            } else {
                lines.add(text);
            }
            return;
        }
        if (text.length() < 3 || !Character.isDigit(text.charAt(0)) || !Character.isDigit(text.charAt(1))
                || !Character.isDigit(text.charAt(2)) || text.charAt(0) < '1' || text.charAt(0) > '5'
                || (text.length() > 3 && text.charAt(3) != ' ' && text.charAt(3) != '-')) {
            transport().loseConnection(new FTPProtocolException("not an FTP reply: " + abbreviate(text)));
            return;
        }
        int code = Integer.parseInt(text.substring(0, 3));
        String rest = text.length() > 4 ? text.substring(4) : "";
        if (text.length() > 3 && text.charAt(3) == '-') {
            multiCode = code;
            List<String> started = new ArrayList<>();
            started.add(rest);
            multiLines = started;
            return;
        }
        replyReceived(new FTPReply(code, List.of(rest)));
    }

    private void replyReceived(FTPReply reply) {
        Pending head = inFlight;
        if (head == null) {
            if (reply.code() == 421) {
                transport().loseConnection(new FTPReplyException(421, oneLine(reply)));
            }
            return; // unsolicited: nobody waits for it
        }
        if (reply.isPreliminary()) {
            head.preliminary().accept(reply);
            return;
        }
        inFlight = null;
        if (reply.isFailure() || (head.line() == null && reply.code() != 220)) {
            head.result().errback(new FTPReplyException(reply.code(), oneLine(reply)));
        } else {
            head.result().callback(reply);
        }
        sendNext();
    }

    /** Fails every waiting command with the reason. */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        lostReason = reason;
        Pending head = inFlight;
        inFlight = null;
        if (head != null) {
            head.result().errback(reason);
        }
        while (!queue.isEmpty()) {
            queue.poll().result().errback(reason);
        }
    }

    private static String oneLine(FTPReply reply) {
        return abbreviate(reply.lines().getFirst().replace('\r', ' ').replace('\n', ' '));
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
