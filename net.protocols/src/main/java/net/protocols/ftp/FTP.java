package net.protocols.ftp;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import net.deferred.Deferred;
import net.deferred.Failure;
import net.deferred.Outcome;
import net.protocols.basic.LineReceiver;
import net.protocols.basic.LineTooLongException;
import net.protocols.internal.ftp.ActiveChannel;
import net.protocols.internal.ftp.DataChannel;
import net.protocols.internal.ftp.DataConnection;
import net.protocols.internal.ftp.FTPCommandLine;
import net.protocols.internal.ftp.FTPPaths;
import net.protocols.internal.ftp.HostPort;
import net.protocols.internal.ftp.Listings;
import net.protocols.internal.ftp.PassiveChannel;
import net.protocols.policies.IdleTimeoutException;
import net.protocols.tls.TLS;
import net.protocols.tls.TLSServerOptions;
import net.reactor.Address;
import net.reactor.CannotListenException;
import net.reactor.ConnectionDoneException;
import net.reactor.DelayedCall;
import net.reactor.IPv4Address;
import net.reactor.IPv6Address;
import net.reactor.Reactor;
import org.jspecify.annotations.Nullable;

/**
 * One FTP server session (Twisted's {@code FTP} protocol): the control connection, its login, its
 * working directory and its data connections. {@link FTPFactory} builds one per client.
 *
 * <p><b>Commands.</b> USER, PASS, ACCT (refused: 502), QUIT; AUTH TLS, PBSZ, PROT (explicit
 * FTPS, when the options carry a certificate); PWD/XPWD, CWD/XCWD, CDUP/XCUP, MKD/XMKD, RMD/XRMD,
 * DELE, RNFR/RNTO, SIZE, MDTM; LIST, NLST, MLSD, MLST, STAT; RETR, STOR, APPE, REST (stream
 * mode); TYPE (A and I, both transferred byte for byte, as vsftpd does by default), MODE S, STRU
 * F; PASV, EPSV (and EPSV ALL), PORT, EPRT; ABOR, NOOP, SYST, FEAT, OPTS UTF8, HELP, ALLO.
 *
 * <p><b>Order.</b> Commands are answered in the order they arrive. While one waits for the shell
 * (or a transfer runs), later lines wait in a queue of at most {@value #MAX_WAITING}; more than
 * that closes the session (a flood). During a transfer ABOR is handled at once: the data
 * connection is closed, the transfer answered 426 and the ABOR 226.
 *
 * <p><b>Hostile clients.</b> A line over the options' limit is answered 500 and skipped; one
 * over 64 KiB, or a sixth over-long line, closes the session with a {@link LineTooLongException}.
 * A wrong password is answered 530 after the options' delay (the session reads nothing meanwhile)
 * and the last allowed failure closes the session with a {@link LoginFailedException}. An idle
 * session is answered 421 and closed with an {@link IdleTimeoutException}. PORT and EPRT accept
 * only the control connection's own peer address and a port of 1024 or more (no FTP bounce); a
 * passive port accepts only that address too.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol. File work happens in the shell,
 * which for {@link FileSystemShell} means virtual threads.
 */
public class FTP extends LineReceiver {
    /** Lines that may wait while a command or transfer is in progress. */
    public static final int MAX_WAITING = 32;

    private static final System.Logger LOG = System.getLogger(FTP.class.getName());
    private static final int MAX_DISCARD = 64 * 1024;
    private static final int MAX_OVERLONG_LINES = 5;
    private static final List<String> FEATURES = List.of(
            "EPRT", "EPSV", "MDTM", "MLST type*;size*;modify*;perm*;unix.mode*;", "PASV", "REST STREAM", "SIZE",
            "TVFS", "UTF8");
    private static final List<String> COMMANDS = List.of(
            "ABOR", "ACCT", "ALLO", "APPE", "AUTH", "CDUP", "CWD", "DELE", "EPRT", "EPSV", "FEAT", "HELP", "LIST",
            "MDTM", "MKD", "MLSD", "MLST", "MODE", "NLST", "NOOP", "OPTS", "PASS", "PASV", "PBSZ", "PORT", "PROT",
            "PWD", "QUIT", "REST", "RETR", "RMD", "RNFR", "RNTO", "SIZE", "STAT", "STOR", "STRU", "SYST", "TYPE",
            "USER", "XCUP", "XCWD", "XMKD", "XPWD", "XRMD");

    private final Reactor reactor;
    private final CredentialChecker checker;
    private final FTPServerOptions options;

    // Login.
    private @Nullable String user;
    private boolean anonymous;
    private @Nullable FTPShell shell;
    private int loginFailures;
    private @Nullable DelayedCall loginDelay;

    // Session state.
    private List<String> cwd = List.of();
    private long restOffset;
    private @Nullable List<String> renameFrom;
    private boolean binary = true;
    private boolean tlsActive;
    private boolean pbsz;
    private boolean protectData;
    private boolean epsvAll;
    private @Nullable DataChannel channel;
    private @Nullable Transfer transfer;

    // Command flow.
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean draining;
    private @Nullable DelayedCall idleTimer;
    private boolean discarding;
    private boolean discardSawCR;
    private long discarded;
    private int overlongLines;

    /** One RETR, STOR, APPE, LIST, NLST or MLSD in progress. */
    private static final class Transfer {
        final Deferred<@Nullable Void> done = new Deferred<>();
        final DataChannel channel;
        @Nullable DataConnection connection;
        boolean aborted;
        boolean jobDone;
        @Nullable Throwable jobFailure;
        boolean finished;

        Transfer(DataChannel channel) {
            this.channel = channel;
        }
    }

    /**
     * Creates a session.
     *
     * @param reactor listens and connects for data connections, keeps the timers, and (through the
     *     shell) runs file work
     * @param checker decides logins
     * @param options limits, timeouts and TLS
     */
    public FTP(Reactor reactor, CredentialChecker checker, FTPServerOptions options) {
        super(new byte[] {'\r', '\n'}, Objects.requireNonNull(options, "options").maxLineLength());
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.checker = Objects.requireNonNull(checker, "checker");
        this.options = options;
    }

    /**
     * Whether a user is logged in.
     *
     * @return true after a successful PASS
     */
    public boolean loggedIn() {
        return shell != null;
    }

    /**
     * The working directory.
     *
     * @return its path, as PWD shows it
     */
    public String workingDirectory() {
        return FTPPaths.format(cwd);
    }

    // ---------------------------------------------------------------------------------------
    // Connection events

    /** Greets the client (220) and starts the idle timer. */
    @Override
    public void connectionMade() {
        reply(220, options.welcome());
        resetIdleTimer();
    }

    /** Stops the timers, gives up the data channel and any transfer, and logs the shell out. */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        cancel(idleTimer);
        cancel(loginDelay);
        waiting.clear();
        closeChannel();
        Transfer t = transfer;
        if (t != null) {
            t.channel.close(); // still waiting for its data connection: stop listening or connecting
            if (t.connection != null && t.connection.connected()) {
                t.connection.transport().abortConnection();
            }
        }
        FTPShell s = shell;
        shell = null;
        if (s != null) {
            try {
                s.logout();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an FTP shell's logout failed", e);
            }
        }
    }

    /**
     * Queues or runs one command line.
     *
     * @param line the line without CRLF
     */
    @Override
    protected void lineReceived(byte[] line) {
        resetIdleTimer();
        if (transfer != null && isAbort(line)) {
            abortTransfer();
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            reply(421, "Too many commands waiting; closing control connection.");
            transport().loseConnection(new CommandFloodException(MAX_WAITING));
            return;
        }
        waiting.add(line);
        drain();
    }

    /**
     * Answers an over-long line with 500 and skips it; closes the session when lines keep being
     * too long, or one is too long to skip.
     */
    @Override
    protected void lineLengthExceeded(byte[] buffered) {
        if (++overlongLines > MAX_OVERLONG_LINES) {
            reply(500, "Command line too long; closing control connection.");
            transport().loseConnection(new LineTooLongException(buffered.length, maxLength(), false));
            return;
        }
        reply(500, "Command line too long.");
        int at = indexOfCRLF(buffered, 0);
        if (at < 0) {
            discarding = true;
            discarded = buffered.length;
            discardSawCR = buffered.length > 0 && buffered[buffered.length - 1] == '\r';
            setRawMode();
            return;
        }
        // The rest of the buffer is not parsed by LineReceiver any more (it returned after
        // calling us): split the complete lines ourselves, leave the incomplete tail to it.
        int start = at + 2;
        while (start < buffered.length && connected() && !transport().isClosing()) {
            int next = indexOfCRLF(buffered, start);
            if (next < 0) {
                byte[] tail = java.util.Arrays.copyOfRange(buffered, start, buffered.length);
                if (tail.length > maxLength()) {
                    lineLengthExceeded(tail);
                } else {
                    dataReceived(tail);
                }
                return;
            }
            byte[] line = java.util.Arrays.copyOfRange(buffered, start, next);
            start = next + 2;
            if (line.length > maxLength()) {
                if (++overlongLines > MAX_OVERLONG_LINES) {
                    reply(500, "Command line too long; closing control connection.");
                    transport().loseConnection(new LineTooLongException(line.length, maxLength(), true));
                    return;
                }
                reply(500, "Command line too long.");
            } else {
                lineReceived(line);
            }
        }
    }

    /** Skips the rest of an over-long line, then goes back to lines. */
    @Override
    protected void rawDataReceived(byte[] data) {
        if (!discarding) {
            return;
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n' && (discardSawCR || (i > 0 && data[i - 1] == '\r'))) {
                discarding = false;
                setLineMode(java.util.Arrays.copyOfRange(data, i + 1, data.length));
                return;
            }
            discardSawCR = false;
        }
        discardSawCR = data.length > 0 && data[data.length - 1] == '\r';
        discarded += data.length;
        if (discarded > MAX_DISCARD) {
            reply(500, "Command line too long; closing control connection.");
            transport().loseConnection(new LineTooLongException((int) Math.min(Integer.MAX_VALUE, discarded),
                    maxLength(), false));
        }
    }

    private static int indexOfCRLF(byte[] b, int from) {
        for (int i = Math.max(from, 0) + 1; i < b.length; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r') {
                return i - 1;
            }
        }
        return -1;
    }

    private static boolean isAbort(byte[] line) {
        FTPCommandLine parsed = FTPCommandLine.parse(line);
        return parsed instanceof FTPCommandLine.Command c && c.verb().equals("ABOR");
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!busy && !waiting.isEmpty() && connected() && !transport().isClosing()) {
                byte[] line = waiting.poll();
                Deferred<?> pending = run(line);
                if (pending != null) {
                    busy = true;
                    pending.addBoth(outcome -> {
                        if (outcome instanceof Outcome.Failed<?> f) {
                            replyFailure(f.failure().value());
                        }
                        busy = false;
                        drain();
                        return null;
                    });
                }
            }
        } finally {
            draining = false;
        }
    }

    private @Nullable Deferred<?> run(byte[] line) {
        FTPCommandLine parsed = FTPCommandLine.parse(line);
        try {
            return switch (parsed) {
                case FTPCommandLine.Invalid invalid -> {
                    reply(invalid.reply(), invalid.text());
                    yield null;
                }
                case FTPCommandLine.Command command -> dispatch(command.verb(), command.argument());
            };
        } catch (RuntimeException e) {
            replyFailure(e);
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Commands

    private @Nullable Deferred<?> dispatch(String verb, String arg) {
        if (!verb.equals("RNTO")) {
            // RNTO must follow RNFR directly; anything else forgets it.
            if (!verb.equals("RNFR")) {
                renameFrom = null;
            }
        }
        switch (verb) {
            case "USER": return user(arg);
            case "PASS": return pass(arg);
            case "QUIT": reply(221, "Goodbye."); transport().loseConnection(); return null;
            case "NOOP": reply(200, "NOOP ok."); return null;
            case "SYST": reply(215, "UNIX Type: L8"); return null;
            case "FEAT": return feat();
            case "HELP": return help();
            case "OPTS": return opts(arg);
            case "AUTH": return auth(arg);
            case "PBSZ": return pbsz(arg);
            case "PROT": return prot(arg);
            case "ACCT": reply(502, "ACCT not implemented: no accounts here."); return null;
            case "ABOR": return abortTransfer();
            default: break;
        }
        if (!COMMANDS.contains(verb)) {
            reply(500, "Syntax error, command unrecognized.");
            return null;
        }
        FTPShell s = shell;
        if (s == null) {
            reply(530, "Please login with USER and PASS.");
            return null;
        }
        return switch (verb) {
            case "PWD", "XPWD" -> {
                reply(257, quote(FTPPaths.format(cwd)) + " is the current directory.");
                yield null;
            }
            case "CWD", "XCWD" -> cwd(s, arg.isEmpty() ? "/" : arg);
            case "CDUP", "XCUP" -> cwd(s, "..");
            case "TYPE" -> type(arg);
            case "MODE" -> simple(arg, "S", "Mode set to S.", "Only stream mode (S) is supported.");
            case "STRU" -> simple(arg, "F", "Structure set to F.", "Only file structure (F) is supported.");
            case "ALLO" -> {
                reply(202, "ALLO command ignored.");
                yield null;
            }
            case "REST" -> rest(arg);
            case "PASV" -> pasv();
            case "EPSV" -> epsv(arg);
            case "PORT" -> port(arg, false);
            case "EPRT" -> port(arg, true);
            case "MKD", "XMKD" -> {
                List<String> path = path(arg);
                yield s.makeDirectory(path).addCallback(ignored -> {
                    reply(257, quote(FTPPaths.format(path)) + " created.");
                    return null;
                });
            }
            case "RMD", "XRMD" -> done(s.removeDirectory(path(arg)), 250, "Directory removed.");
            case "DELE" -> done(s.removeFile(path(arg)), 250, "File removed.");
            case "RNFR" -> {
                List<String> from = path(arg);
                yield s.stat(from).addCallback(info -> {
                    renameFrom = from;
                    reply(350, "Ready for the destination name (RNTO).");
                    return null;
                });
            }
            case "RNTO" -> {
                List<String> from = renameFrom;
                renameFrom = null;
                if (from == null) {
                    reply(503, "RNFR required first.");
                    yield null;
                }
                yield done(s.rename(from, path(arg)), 250, "Rename successful.");
            }
            case "SIZE" -> s.stat(path(arg)).addCallback(info -> {
                if (!info.isFile()) {
                    throw new FTPReplyException(550, "Not a plain file.");
                }
                reply(213, Long.toString(info.size()));
                return null;
            });
            case "MDTM" -> s.stat(path(arg)).addCallback(info -> {
                reply(213, Listings.timestamp(info.modified()));
                return null;
            });
            case "MLST" -> {
                List<String> path = path(arg);
                yield s.stat(path).addCallback(info -> {
                    String shown = FTPPaths.format(path);
                    replyLines(250, List.of("Listing " + shown,
                            " " + Listings.facts(info, shown, Listings.type(info)), "End."));
                    return null;
                });
            }
            case "STAT" -> stat(s, arg);
            case "LIST" -> listing(s, stripListOptions(arg), info -> Listings.longLine(info, Instant.now()), false);
            case "NLST" -> listing(s, stripListOptions(arg), FileInfo::name, false);
            case "MLSD" -> listing(s, arg, info -> Listings.facts(info, info.name(), Listings.type(info)), true);
            case "RETR" -> retrieve(s, arg);
            case "STOR" -> store(s, arg, false);
            case "APPE" -> store(s, arg, true);
            default -> {
                reply(502, "Command not implemented.");
                yield null;
            }
        };
    }

    private @Nullable Deferred<?> user(String name) {
        if (shell != null) {
            reply(530, "Can't change to another user.");
            return null;
        }
        if (options.requireTLS() && !tlsActive) {
            reply(530, "TLS required: send AUTH TLS first.");
            return null;
        }
        if (name.isEmpty()) {
            reply(501, "USER needs a user name.");
            return null;
        }
        user = name;
        anonymous = name.equalsIgnoreCase("anonymous") || name.equalsIgnoreCase("ftp");
        reply(331, anonymous ? "Guest login ok, type your email address as password."
                : "Password required for " + name + ".");
        return null;
    }

    private @Nullable Deferred<?> pass(String password) {
        if (shell != null) {
            reply(230, "Already logged in.");
            return null;
        }
        String name = user;
        if (name == null) {
            reply(503, "Login with USER first.");
            return null;
        }
        user = null;
        Deferred<FTPShell> login;
        try {
            login = anonymous ? checker.loginAnonymous(password) : checker.login(name, password);
        } catch (RuntimeException e) {
            login = Deferred.fail(e);
        }
        boolean guest = anonymous;
        return login.addBothDeferred(outcome -> switch (outcome) {
            case Outcome.Success<FTPShell> s -> {
                shell = s.value();
                cwd = List.of();
                reply(230, guest ? "Anonymous login ok, access restrictions apply." : "User logged in, proceed.");
                yield Deferred.<@Nullable Void>succeed(null);
            }
            case Outcome.Failed<FTPShell> f -> loginFailed(name, f.failure());
        });
    }

    private Deferred<@Nullable Void> loginFailed(String name, Failure failure) {
        if (!(failure.value() instanceof LoginFailedException)) {
            LOG.log(Level.WARNING, "the FTP credential checker failed for user " + name, failure.value());
        }
        loginFailures++;
        Deferred<@Nullable Void> delayed = new Deferred<>();
        loginDelay = reactor.callLater(options.failedLoginDelay(), () -> {
            loginDelay = null;
            reply(530, "Login incorrect.");
            if (loginFailures >= options.maxLoginFailures()) {
                transport().loseConnection(new LoginFailedException(
                        loginFailures + " failed logins; the last for user " + name));
            }
            delayed.callback(null);
        });
        return delayed;
    }

    private @Nullable Deferred<?> feat() {
        List<String> lines = new ArrayList<>();
        lines.add("Features:");
        if (options.tls() != null) {
            lines.add(" AUTH TLS");
            lines.add(" PBSZ");
            lines.add(" PROT");
        }
        for (String f : FEATURES) {
            lines.add(" " + f);
        }
        lines.add("End");
        replyLines(211, lines);
        return null;
    }

    private @Nullable Deferred<?> help() {
        List<String> lines = new ArrayList<>();
        lines.add("The following commands are recognized:");
        for (int i = 0; i < COMMANDS.size(); i += 8) {
            lines.add(" " + String.join(" ", COMMANDS.subList(i, Math.min(COMMANDS.size(), i + 8))));
        }
        lines.add("Help OK.");
        replyLines(214, lines);
        return null;
    }

    private @Nullable Deferred<?> opts(String arg) {
        String upper = arg.strip().toUpperCase(Locale.ROOT);
        if (upper.equals("UTF8 ON") || upper.equals("UTF8") || upper.equals("UTF-8 ON")) {
            reply(200, "Always in UTF8 mode.");
        } else if (upper.startsWith("MLST")) {
            reply(200, "MLST OPTS type;size;modify;perm;unix.mode;");
        } else {
            reply(501, "Option not understood.");
        }
        return null;
    }

    private @Nullable Deferred<?> auth(String arg) {
        TLSServerOptions tls = options.tls();
        String mechanism = arg.strip().toUpperCase(Locale.ROOT);
        if (tls == null) {
            reply(502, "AUTH not supported: this server has no certificate.");
        } else if (tlsActive) {
            reply(503, "TLS is already active.");
        } else if (shell != null) {
            reply(503, "AUTH must come before the login.");
        } else if (!mechanism.equals("TLS") && !mechanism.equals("TLS-C") && !mechanism.equals("SSL")) {
            reply(504, "Unsupported AUTH mechanism; use AUTH TLS.");
        } else {
            reply(234, "AUTH TLS successful.");
            TLS.startTLS(transport(), tls);
            tlsActive = true;
            user = null;
        }
        return null;
    }

    private @Nullable Deferred<?> pbsz(String arg) {
        if (!tlsActive) {
            reply(503, "PBSZ needs AUTH TLS first.");
        } else if (!arg.strip().matches("[0-9]{1,10}")) {
            reply(501, "PBSZ needs a number.");
        } else {
            pbsz = true;
            reply(200, "PBSZ=0");
        }
        return null;
    }

    private @Nullable Deferred<?> prot(String arg) {
        if (!pbsz) {
            reply(503, "PROT needs PBSZ first.");
            return null;
        }
        switch (arg.strip().toUpperCase(Locale.ROOT)) {
            case "P" -> {
                protectData = true;
                reply(200, "Protection level set to P.");
            }
            case "C" -> {
                protectData = false;
                reply(200, "Protection level set to C.");
            }
            case "S", "E" -> reply(536, "Protection level not supported.");
            default -> reply(504, "Unknown protection level.");
        }
        return null;
    }

    private Deferred<?> cwd(FTPShell s, String arg) {
        List<String> path = path(arg);
        return s.stat(path).addCallback(info -> {
            if (!info.isDirectory()) {
                throw new FTPReplyException(550, "Not a directory.");
            }
            cwd = path;
            reply(250, "Directory changed to " + FTPPaths.format(path) + ".");
            return null;
        });
    }

    private @Nullable Deferred<?> type(String arg) {
        String t = arg.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (t) {
            case "A", "A N" -> {
                binary = false;
                reply(200, "Type set to A.");
            }
            case "I", "L 8" -> {
                binary = true;
                reply(200, "Type set to I.");
            }
            case "" -> reply(501, "TYPE needs an argument.");
            default -> reply(504, "Type not supported: " + arg.strip() + ".");
        }
        return null;
    }

    private @Nullable Deferred<?> simple(String arg, String supported, String ok, String refused) {
        if (arg.strip().equalsIgnoreCase(supported)) {
            reply(200, ok);
        } else if (arg.isBlank()) {
            reply(501, "Missing argument.");
        } else {
            reply(504, refused);
        }
        return null;
    }

    private @Nullable Deferred<?> rest(String arg) {
        String n = arg.strip();
        if (!n.matches("[0-9]{1,18}")) {
            reply(501, "REST needs a byte offset.");
            return null;
        }
        restOffset = Long.parseLong(n);
        reply(350, "Restarting at " + restOffset + ". Send STOR or RETR to start the transfer.");
        return null;
    }

    private @Nullable Deferred<?> stat(FTPShell s, String arg) {
        if (arg.isBlank()) {
            List<String> lines = new ArrayList<>();
            lines.add("FTP server status:");
            lines.add(" Connected to " + addressText(transport().getPeer()));
            lines.add(" Logged in" + (anonymous ? " anonymously" : ""));
            lines.add(" TYPE: " + (binary ? "BINARY" : "ASCII") + ", MODE: Stream, STRU: File");
            lines.add(" Control connection " + (tlsActive ? "protected by TLS" : "in clear text")
                    + "; data " + (protectData ? "protected" : "in clear text"));
            lines.add(" " + (transfer != null ? "A transfer is in progress" : "No data connection"));
            lines.add("End of status.");
            replyLines(211, lines);
            return null;
        }
        List<String> path = path(stripListOptions(arg));
        return s.list(path).addCallback(entries -> {
            List<String> lines = new ArrayList<>();
            lines.add("Status of " + FTPPaths.format(path) + ":");
            Instant now = Instant.now();
            for (FileInfo info : entries) {
                lines.add(" " + Listings.longLine(info, now));
            }
            lines.add("End of status.");
            replyLines(213, lines);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------
    // Data connections

    private @Nullable Deferred<?> pasv() {
        if (epsvAll) {
            reply(503, "EPSV ALL was sent: only EPSV is allowed.");
            return null;
        }
        if (!(transport().getHost() instanceof IPv4Address local)) {
            reply(522, "PASV works over IPv4 only; use EPSV.");
            return null;
        }
        PassiveChannel ch = openPassive(local.host());
        if (ch == null) {
            return null;
        }
        byte[] announce = ipv4Bytes(options.passiveAddress() != null ? options.passiveAddress() : local.host());
        if (announce == null) {
            announce = Objects.requireNonNull(ipv4Bytes(local.host()), "the local address");
        }
        reply(227, "Entering Passive Mode (" + HostPort.formatPort(announce, ch.port()) + ").");
        return null;
    }

    private @Nullable Deferred<?> epsv(String arg) {
        String a = arg.strip().toUpperCase(Locale.ROOT);
        if (a.equals("ALL")) {
            epsvAll = true;
            reply(200, "EPSV ALL ok.");
            return null;
        }
        Address host = transport().getHost();
        String family = host instanceof IPv6Address ? "2" : "1";
        if (!a.isEmpty() && !a.equals(family)) {
            reply(522, "Network protocol not supported, use (" + family + ").");
            return null;
        }
        PassiveChannel ch = openPassive(addressText(host));
        if (ch != null) {
            reply(229, "Entering Extended Passive Mode (|||" + ch.port() + "|).");
        }
        return null;
    }

    private @Nullable PassiveChannel openPassive(String localHost) {
        closeChannel();
        try {
            PassiveChannel ch = PassiveChannel.open(reactor, localHost, addressText(transport().getPeer()),
                    options.passivePortMin(), options.passivePortMax(), options.dataConnectTimeout(),
                    options.dataIdleTimeout(), protectData ? options.tls() : null);
            channel = ch;
            return ch;
        } catch (CannotListenException e) {
            LOG.log(Level.WARNING, "no passive FTP data port could be opened", e);
            reply(425, "Can't open a passive data port.");
            return null;
        }
    }

    private @Nullable Deferred<?> port(String arg, boolean extended) {
        if (epsvAll) {
            reply(503, "EPSV ALL was sent: only EPSV is allowed.");
            return null;
        }
        HostPort target = extended ? HostPort.parseExtended(arg) : HostPort.parsePort(arg);
        if (target == null) {
            reply(extended ? 522 : 501, extended ? "Network protocol not supported or bad EPRT argument, use (1,2)."
                    : "Bad PORT argument.");
            return null;
        }
        InetAddress peer = inetAddress(transport().getPeer());
        if (peer == null || !peer.equals(target.address()) || target.port() < 1024) {
            // FTP bounce (RFC 2577): never connect anywhere but back to the client, and never to
            // a privileged port there.
            reply(500, "Illegal " + (extended ? "EPRT" : "PORT") + " command: data connections go only to"
                    + " your own address, port 1024 or above.");
            return null;
        }
        closeChannel();
        channel = new ActiveChannel(reactor, target, options.dataConnectTimeout(), options.dataIdleTimeout(),
                protectData ? options.tls() : null);
        reply(200, (extended ? "EPRT" : "PORT") + " command successful. Consider using PASV.");
        return null;
    }

    private void closeChannel() {
        DataChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    private @Nullable DataChannel takeChannel() {
        DataChannel ch = channel;
        channel = null;
        if (ch == null) {
            reply(425, "Use PORT, PASV or EPSV first.");
        }
        return ch;
    }

    private Deferred<?> listing(FTPShell s, String arg, Function<FileInfo, String> format, boolean directoryOnly) {
        List<String> path = path(arg);
        DataChannel ch = takeChannel();
        if (ch == null) {
            return Deferred.succeed(null);
        }
        return s.list(path).addErrback(f -> {
            ch.close();
            throw f.raiseException();
        }).addCallbackDeferred(entries -> {
            if (directoryOnly && entries.size() == 1 && !entries.getFirst().isDirectory()
                    && entries.getFirst().name().equals(path.isEmpty() ? "/" : path.getLast())) {
                ch.close();
                throw new FTPReplyException(501, "Not a directory: MLSD lists directories.");
            }
            StringBuilder text = new StringBuilder();
            for (FileInfo info : entries) {
                text.append(format.apply(info)).append("\r\n");
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            return send(ch, "Here comes the directory listing.", connection -> {
                connection.consumer().write(bytes);
                return Deferred.succeed((long) bytes.length);
            }, () -> {});
        });
    }

    private Deferred<?> retrieve(FTPShell s, String arg) {
        List<String> path = path(arg);
        DataChannel ch = takeChannel();
        long offset = restOffset;
        restOffset = 0;
        if (ch == null) {
            return Deferred.succeed(null);
        }
        return s.openForReading(path, offset).addErrback(f -> {
            ch.close();
            throw f.raiseException();
        }).addCallbackDeferred(file -> {
            return send(ch, "Opening " + (binary ? "BINARY" : "ASCII") + " mode data connection for "
                    + FTPPaths.format(path) + (offset > 0 ? " from byte " + offset : "") + ".",
                    connection -> file.send(connection.consumer()), file::close);
        });
    }

    private Deferred<?> store(FTPShell s, String arg, boolean append) {
        List<String> path = path(arg);
        DataChannel ch = takeChannel();
        long offset = restOffset;
        restOffset = 0;
        if (ch == null) {
            return Deferred.succeed(null);
        }
        return s.openForWriting(path, offset, append).addErrback(f -> {
            ch.close();
            throw f.raiseException();
        }).addCallbackDeferred(file -> {
            return receive(ch, file, "Ok to send data for " + FTPPaths.format(path) + ".");
        });
    }

    /** A download: 150, the data connection, the job, then 226 once the connection has closed. */
    private Deferred<@Nullable Void> send(DataChannel ch, String opening,
            Function<DataConnection, Deferred<Long>> job, Runnable giveUp) {
        Transfer t = begin(ch, opening, giveUp, connection -> {
            job.apply(connection).addBoth(outcome -> {
                Transfer current = transfer;
                if (current == null || current.connection != connection) {
                    return null;
                }
                current.jobDone = true;
                if (outcome instanceof Outcome.Failed<Long> f) {
                    current.jobFailure = f.failure().value();
                    connection.transport().abortConnection();
                } else {
                    connection.finish();
                }
                return null;
            });
            connection.lost().addCallback(reason -> {
                Transfer current = transfer;
                if (current != null && current.connection == connection) {
                    finish(current, reason);
                }
                return null;
            });
        });
        return t.done;
    }

    /** An upload: 150, the data connection into the file until the client closes it, then 226. */
    private Deferred<@Nullable Void> receive(DataChannel ch, WriteFile file, String opening) {
        Transfer t = begin(ch, opening, file::abort, connection -> {
            connection.receiveInto(file);
            connection.lost().addCallback(reason -> {
                Transfer current = transfer;
                if (current == null || current.connection != connection) {
                    file.abort();
                    return null;
                }
                if (!(reason instanceof ConnectionDoneException) || current.aborted || connection.stalled()) {
                    file.abort();
                    finish(current, reason);
                    return null;
                }
                file.close().addBoth(closed -> {
                    current.jobDone = true;
                    if (closed instanceof Outcome.Failed<Long> f) {
                        current.jobFailure = f.failure().value();
                    }
                    finish(current, reason);
                    return null;
                });
                return null;
            });
        });
        return t.done;
    }

    private Transfer begin(DataChannel ch, String opening, Runnable giveUp,
            java.util.function.Consumer<DataConnection> start) {
        Transfer t = new Transfer(ch);
        transfer = t;
        reply(150, opening);
        ch.connection().addBoth(outcome -> {
            if (t.finished) {
                if (outcome instanceof Outcome.Success<DataConnection> s && s.value().connected()) {
                    s.value().transport().abortConnection();
                }
                return null;
            }
            switch (outcome) {
                case Outcome.Failed<DataConnection> f -> {
                    giveUp.run();
                    LOG.log(Level.DEBUG, "no FTP data connection", f.failure().value());
                    end(t, 425, "Can't open data connection.");
                }
                case Outcome.Success<DataConnection> s -> {
                    t.connection = s.value();
                    if (t.aborted) {
                        giveUp.run();
                        s.value().transport().abortConnection();
                        end(t, 426, "Transfer aborted.");
                    } else {
                        start.accept(s.value());
                    }
                }
            }
            return null;
        });
        return t;
    }

    private void finish(Transfer t, Throwable reason) {
        DataConnection c = t.connection;
        if (t.aborted) {
            end(t, 426, "Transfer aborted.");
        } else if (c != null && c.stalled()) {
            end(t, 426, "Data connection timed out: no progress for " + options.dataIdleTimeout().toSeconds() + " s.");
        } else if (t.jobFailure != null) {
            Throwable failure = t.jobFailure;
            if (failure instanceof FTPReplyException r) {
                end(t, r.code(), r.text());
            } else if (failure instanceof java.io.IOException) {
                LOG.log(Level.WARNING, "an FTP transfer failed", failure);
                end(t, 451, "Local error in processing: transfer aborted.");
            } else {
                end(t, 426, "Data connection closed; transfer aborted.");
            }
        } else if (!t.jobDone || !(reason instanceof ConnectionDoneException)) {
            end(t, 426, "Data connection closed; transfer aborted.");
        } else {
            end(t, 226, "Transfer complete.");
        }
    }

    private void end(Transfer t, int code, String text) {
        if (t.finished) {
            return;
        }
        t.finished = true;
        if (transfer == t) {
            transfer = null;
        }
        if (connected()) {
            reply(code, text);
            if (t.aborted) {
                reply(226, "ABOR command successful.");
            }
        }
        t.done.callback(null);
    }

    private @Nullable Deferred<?> abortTransfer() {
        Transfer t = transfer;
        if (t == null) {
            closeChannel();
            reply(225, "No transfer to abort.");
            return null;
        }
        if (!t.aborted) {
            t.aborted = true;
            DataConnection c = t.connection;
            if (c != null && c.connected()) {
                c.transport().abortConnection();
            } else if (c == null) {
                // Still waiting for the data connection: the transfer ends now.
                end(t, 426, "Transfer aborted.");
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // Replies

    /**
     * Sends a one-line reply.
     *
     * @param code the three-digit code
     * @param text the text, one line
     */
    protected void reply(int code, String text) {
        if (connected() && !transport().isClosing()) {
            sendLine((code + " " + text).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends a multi-line reply: {@code code-first}, the middle lines as they are (each should
     * start with a space), {@code code last}.
     *
     * @param code the three-digit code
     * @param lines at least one line
     */
    protected void replyLines(int code, List<String> lines) {
        if (lines.size() == 1) {
            reply(code, lines.getFirst());
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append(code).append('-').append(lines.getFirst()).append("\r\n");
        for (String middle : lines.subList(1, lines.size() - 1)) {
            b.append(middle).append("\r\n");
        }
        b.append(code).append(' ').append(lines.getLast()).append("\r\n");
        if (connected() && !transport().isClosing()) {
            transport().write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private Deferred<?> done(Deferred<Void> operation, int code, String text) {
        return operation.addCallback(ignored -> {
            reply(code, text);
            return null;
        });
    }

    private void replyFailure(Throwable failure) {
        switch (failure) {
            case FTPReplyException r -> reply(r.code(), r.text());
            case NoSuchFileException e -> reply(550, "No such file or directory.");
            case FileAlreadyExistsException e -> reply(550, "File exists.");
            case DirectoryNotEmptyException e -> reply(550, "Directory not empty.");
            case NotDirectoryException e -> reply(550, "Not a directory.");
            case AccessDeniedException e -> reply(550, "Permission denied.");
            case SecurityException e -> reply(550, "Permission denied.");
            default -> {
                LOG.log(Level.WARNING, "an FTP command failed", failure);
                reply(451, "Local error in processing.");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    private List<String> path(String arg) {
        return FTPPaths.resolve(cwd, arg);
    }

    private static String stripListOptions(String arg) {
        String rest = arg.strip();
        while (rest.startsWith("-")) {
            int space = rest.indexOf(' ');
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
        }
        return rest;
    }

    private static String quote(String path) {
        return "\"" + path.replace("\"", "\"\"") + "\"";
    }

    private void resetIdleTimer() {
        DelayedCall t = idleTimer;
        if (t != null && t.active()) {
            t.reset(options.idleTimeout());
            return;
        }
        idleTimer = reactor.callLater(options.idleTimeout(), this::idle);
    }

    private void idle() {
        idleTimer = null;
        if (!connected() || transport().isClosing()) {
            return;
        }
        if (transfer != null) {
            resetIdleTimer(); // the data connection's own stall timer watches a transfer
            return;
        }
        reply(421, "Timeout (" + options.idleTimeout().toSeconds() + " s): closing control connection.");
        transport().loseConnection(new IdleTimeoutException(options.idleTimeout()));
    }

    private static void cancel(@Nullable DelayedCall call) {
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    private static String addressText(Address address) {
        return switch (address) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> address.toString();
        };
    }

    private static @Nullable InetAddress inetAddress(Address address) {
        String host = switch (address) {
            case IPv4Address a -> a.host();
            case IPv6Address a -> a.host();
            default -> null;
        };
        if (host == null) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // numeric: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte @Nullable [] ipv4Bytes(@Nullable String host) {
        if (host == null || !host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return null;
        }
        String[] parts = host.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return null;
            }
            b[i] = (byte) n;
        }
        return b;
    }
}
