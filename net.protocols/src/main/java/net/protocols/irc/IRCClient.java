package net.protocols.irc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import net.deferred.Deferred;
import net.protocols.basic.LineOnlyReceiver;
import net.reactor.LogText;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.DelayedCall;
import net.reactor.ReactorTime;
import org.jspecify.annotations.Nullable;

/**
 * An IRC client connection (Twisted's {@code IRCClient}): it registers when connected, answers the
 * server's PINGs, turns what the server sends into past-tense event methods, and offers the
 * requests a client makes. Subclass it and override the events you care about; every event does
 * nothing by default.
 *
 * {@snippet :
 * class Greeter extends IRCClient {
 *     Greeter(ReactorTime time) { super(time, "greeter"); }
 *     @Override protected void signedOn() { join("#spindle"); }
 *     @Override protected void joined(String channel) { msg(channel, "hello"); }
 *     @Override protected void privmsg(String user, String channel, String message) {
 *         if (message.equals("!quit")) quit("bye");
 *     }
 * }
 * reactor.connectTCP("irc.example.org", 6667, ClientFactory.forProtocol(() -> new Greeter(reactor)));
 * }
 *
 * <p><b>Registration:</b> when the connection is made it sends {@code CAP REQ} (if
 * {@linkplain #setRequestedCapabilities capabilities} are requested), {@code PASS} (if a password
 * is set), {@code NICK} and {@code USER}. If the server answers that the nickname is in use, it tries
 * {@link #alterCollidedNick} of it, again and again; if it says the nickname is erroneous, it
 * tries {@link #erroneousNickFallback()} once. A refused password (464) closes the connection with
 * an {@link IRCPasswordMismatchException}. The welcome numeric (001) fires {@link #signedOn()}.
 *
 * <p><b>Sending:</b> every request goes through a send queue. With no {@linkplain #setLineRate
 * line rate} (the default, as in Twisted) lines are written at once; with one, the first line is
 * written at once and each next one a line-rate later, on the reactor's clock, so that a burst does
 * not get the client disconnected for flooding. {@code PONG} answers skip the queue. Lines are
 * UTF-8; {@link #msg} and {@link #notice} split a long text into several messages, each fitting the
 * 512-byte IRC line once the server adds its prefix, never cutting a character in two.
 *
 * <p><b>Receiving:</b> lines end with LF (a CR before it is dropped) and are decoded as UTF-8,
 * malformed bytes becoming U+FFFD. A line that is not an IRC message, or that is longer than
 * {@link #MAX_MESSAGE_LENGTH}, is dropped (see {@link #badLineReceived}) and the connection goes
 * on; only a line longer than {@link #MAX_BUFFERED_LINE} closes it, with a
 * {@link net.protocols.basic.LineTooLongException}. While a message is dispatched,
 * {@link #currentMessage()} gives it whole, IRCv3 tags included.
 *
 * <p><b>Silence:</b> every {@linkplain #setHeartbeatInterval heartbeat interval} (120 s by
 * default, as in Twisted) a registered client sends a {@code PING}; if nothing at all arrived
 * during the interval after a PING (or before registration, during one interval), the server is
 * taken as gone and the connection is closed with an {@link IdleTimeoutException}.
 *
 * <p>Departures from Twisted: {@code userJoined}, {@code userLeft}, {@code userQuit} and
 * {@code userKicked} get the nickname, {@code privmsg}, {@code noticed}, {@code action} and
 * {@code topicUpdated} the whole prefix (as Twisted); {@link #modeChanged} reports the mode string
 * and arguments as sent, without parsing them against the server's ISUPPORT; {@link #names}
 * returns a Deferred (Twisted has no such request); only one CTCP query per message is recognised.
 *
 * <p><b>Threading:</b> reactor thread only, like every protocol.
 */
public class IRCClient extends LineOnlyReceiver {

    /** The longest IRC line, in bytes, including the CR LF, without IRCv3 tags (RFC 1459). */
    public static final int MAX_LINE_LENGTH = 512;
    /** The longest message accepted from a server, in bytes: 8191 of tags plus 512 (IRCv3). */
    public static final int MAX_MESSAGE_LENGTH = 8191 + MAX_LINE_LENGTH;
    /** The longest line buffered at all; a longer one closes the connection. */
    public static final int MAX_BUFFERED_LINE = 65536;
    /** The default heartbeat interval, as in Twisted. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(120);
    /** The host name length assumed for our own prefix when splitting messages (RFC 1123). */
    private static final int HOST_ALLOWANCE = 63;
    private static final char CTCP = '\u0001';
    /** The most names kept for one channel's names list; the rest are dropped. */
    private static final int MAX_NAMES = 100_000;
    /** The most channels collected at once, capabilities enabled, and pings waiting. */
    private static final int MAX_TRACKED = 1000;
    private static final System.Logger LOG = System.getLogger(IRCClient.class.getName());

    private final ReactorTime time;
    private String nickname;
    private String attemptedNick;
    private @Nullable String password;
    private @Nullable String username;
    private String realname;
    private @Nullable String versionName;
    private @Nullable Duration lineRate;
    private @Nullable Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;

    private boolean registered;
    private List<String> requestedCapabilities = List.of();
    private final java.util.Set<String> enabledCapabilities = new java.util.LinkedHashSet<>();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private @Nullable DelayedCall queueCall;
    private @Nullable DelayedCall heartbeat;
    /** Whether any line arrived since the connection was made or the last heartbeat tick. */
    private boolean receivedSinceTick;
    private @Nullable IRCMessage current;
    private final Map<String, List<String>> namesCollected = new HashMap<>();
    private final Map<String, List<Deferred<List<String>>>> namesWaiting = new HashMap<>();
    private final Map<String, Long> pings = new HashMap<>();
    private long pingCounter;

    /**
     * Creates a client that will register as {@code nickname}.
     *
     * @param time the reactor's clock, for the send queue and the heartbeat (a fake
     *     {@link net.reactor.testing.Clock} in tests)
     * @param nickname the nickname to register with; also the default user and real name
     */
    public IRCClient(ReactorTime time, String nickname) {
        super("\n".getBytes(StandardCharsets.US_ASCII), MAX_BUFFERED_LINE);
        this.time = Objects.requireNonNull(time, "time");
        this.nickname = checkWord(nickname, "nickname");
        this.attemptedNick = nickname;
        this.realname = nickname;
    }

    // ---- settings ------------------------------------------------------------------------------

    /**
     * Sets the server password sent as {@code PASS} when registering.
     *
     * @param password the password, or {@code null} for none
     */
    public void setPassword(@Nullable String password) {
        this.password = password == null ? null : checkWord(password, "password");
    }

    /**
     * Sets the user name sent in {@code USER} (default: the nickname).
     *
     * @param username the user name
     */
    public void setUsername(String username) {
        this.username = checkWord(username, "username");
    }

    /**
     * Sets the real name sent in {@code USER} (default: the nickname).
     *
     * @param realname the real name; may contain spaces
     */
    public void setRealname(String realname) {
        this.realname = checkText(realname);
    }

    /**
     * Sets the answer to CTCP VERSION queries; with none (the default) they are not answered.
     *
     * @param versionName the client's name and version, or {@code null}
     */
    public void setVersionName(@Nullable String versionName) {
        this.versionName = versionName == null ? null : checkText(versionName);
    }

    /**
     * Sets the flood-control rate: at most one line per {@code lineRate} (Twisted's
     * {@code lineRate}). {@code null}, the default, sends every line at once.
     *
     * @param lineRate the minimum delay between two lines, or {@code null}
     */
    public void setLineRate(@Nullable Duration lineRate) {
        if (lineRate != null && (lineRate.isNegative() || lineRate.isZero())) {
            throw new IllegalArgumentException("lineRate must be positive: " + lineRate);
        }
        this.lineRate = lineRate;
    }

    /**
     * Sets the heartbeat interval; {@code null} turns the heartbeat (and the detection of a silent
     * server) off. Takes effect when the connection is made.
     *
     * @param interval the interval, or {@code null}
     */
    public void setHeartbeatInterval(@Nullable Duration interval) {
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.heartbeatInterval = interval;
    }

    /**
     * Sets the IRCv3 capabilities to request while registering, such as {@code message-tags} and
     * {@code server-time} (servers send tags only to clients that asked for them). With any set,
     * registration starts with {@code CAP REQ} and ends the negotiation with {@code CAP END} once
     * the server acknowledged or refused them. Takes effect when the connection is made.
     *
     * @param capabilities the capability names; empty (the default) negotiates nothing
     */
    public void setRequestedCapabilities(List<String> capabilities) {
        for (String c : capabilities) {
            checkWord(c, "capability");
        }
        this.requestedCapabilities = List.copyOf(capabilities);
    }

    /**
     * The IRCv3 capabilities the server acknowledged.
     *
     * @return the enabled capabilities, in the order acknowledged (unmodifiable)
     */
    public java.util.Set<String> enabledCapabilities() {
        return java.util.Collections.unmodifiableSet(enabledCapabilities);
    }

    /**
     * The current nickname: the one the server welcomed us with, or the one we asked for.
     *
     * @return the nickname
     */
    public String nickname() {
        return nickname;
    }

    /**
     * Whether the server has welcomed this client (RPL_WELCOME).
     *
     * @return true once signed on
     */
    public boolean isRegistered() {
        return registered;
    }

    /**
     * The message being dispatched, so that an event method can read its tags.
     *
     * @return the message whose event is running, or {@code null} outside dispatch
     */
    public @Nullable IRCMessage currentMessage() {
        return current;
    }

    /**
     * How many lines wait in the send queue.
     *
     * @return the number of queued lines
     */
    public int queuedLines() {
        return queue.size();
    }

    // ---- connection ------------------------------------------------------------------------------

    /** Registers with the server and starts the heartbeat. */
    @Override
    public void connectionMade() {
        super.connectionMade();
        receivedSinceTick = false;
        if (heartbeatInterval != null) {
            heartbeat = time.callLater(heartbeatInterval, this::heartbeatTick);
        }
        register();
    }

    /**
     * Stops the queue and the heartbeat, and fails the outstanding {@link #names} requests with
     * {@code reason}.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Throwable reason) {
        super.connectionLost(reason);
        cancel(queueCall);
        cancel(heartbeat);
        queueCall = null;
        heartbeat = null;
        queue.clear();
        List<Deferred<List<String>>> waiting = new ArrayList<>();
        namesWaiting.values().forEach(waiting::addAll);
        namesWaiting.clear();
        namesCollected.clear();
        for (Deferred<List<String>> d : waiting) {
            d.errback(reason);
        }
    }

    private void register() {
        if (!requestedCapabilities.isEmpty()) {
            sendMessage(IRCMessage.of("CAP", "REQ", String.join(" ", requestedCapabilities)));
        }
        if (password != null) {
            sendMessage(IRCMessage.of("PASS", password));
        }
        setNick(attemptedNick);
        sendMessage(IRCMessage.of("USER", username != null ? username : nickname, "0", "*", realname));
    }

    private void heartbeatTick() {
        heartbeat = null;
        if (!connected() || transport().isClosing() || heartbeatInterval == null) {
            return;
        }
        if (!receivedSinceTick) {
            transport().loseConnection(new IdleTimeoutException(heartbeatInterval));
            return;
        }
        receivedSinceTick = false;
        if (registered) {
            writeNow(IRCMessage.of("PING", "spindle-" + time.nanoTime()).toLine());
        }
        heartbeat = time.callLater(heartbeatInterval, this::heartbeatTick);
    }

    // ---- receiving -------------------------------------------------------------------------------

    /**
     * Parses one line and dispatches it; see the class description for what is dropped.
     *
     * @param line the line, without its LF
     */
    @Override
    protected void lineReceived(byte[] line) {
        receivedSinceTick = true;
        int length = line.length;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (length > MAX_MESSAGE_LENGTH - 2) {
            badLineReceived(text, new IRCParseException("line of " + length + " bytes is longer than " + (MAX_MESSAGE_LENGTH - 2)));
            return;
        }
        if (text.isBlank()) {
            return; // servers may send empty lines as keep-alives; RFC 1459 says to ignore them
        }
        IRCMessage message;
        try {
            message = IRCMessage.parse(text);
        } catch (IRCParseException e) {
            badLineReceived(text, e);
            return;
        }
        IRCMessage outer = current;
        current = message;
        try {
            messageReceived(message);
        } finally {
            current = outer;
        }
    }

    /**
     * Called with a line that is not an IRC message or is too long; the line is dropped and the
     * connection goes on. The default logs it at DEBUG.
     *
     * @param line the line as decoded
     * @param error what is wrong with it
     */
    protected void badLineReceived(String line, IRCParseException error) {
        LOG.log(System.Logger.Level.DEBUG, "dropping bad IRC line: {0}", LogText.escape(String.valueOf(error.getMessage())));
    }

    /**
     * Called with every message the server sends; the default dispatches it to the event methods.
     * Override it (and call {@code super}) to see the commands this class does not handle.
     *
     * @param m the message
     */
    protected void messageReceived(IRCMessage m) {
        String prefix = m.prefix() == null ? "" : m.prefix();
        switch (m.command()) {
            case "PING" -> {
                IRCMessage pong = m.params().isEmpty() ? IRCMessage.of("PONG") : IRCMessage.of("PONG", m.param(m.params().size() - 1));
                if (fits(pong)) {
                    writeNow(pong.toLine());
                }
            }
            case "001" -> {
                registered = true;
                if (!m.param(0).isEmpty()) {
                    nickname = m.param(0);
                    attemptedNick = nickname;
                }
                signedOn();
            }
            case "432" -> { // ERR_ERRONEUSNICKNAME: before registration, fall back as Twisted does
                if (!registered) {
                    attemptedNick = erroneousNickFallback();
                    setNick(attemptedNick);
                }
            }
            case "464" -> transport().loseConnection(new IRCPasswordMismatchException(m.param(m.params().size() - 1)));
            case "433" -> { // ERR_NICKNAMEINUSE
                attemptedNick = alterCollidedNick(attemptedNick);
                setNick(attemptedNick);
            }
            case "NICK" -> {
                String newNick = m.param(0);
                if (m.nick().equals(nickname)) {
                    nickname = newNick;
                    attemptedNick = newNick;
                    nickChanged(newNick);
                } else {
                    userRenamed(m.nick(), newNick);
                }
            }
            case "JOIN" -> {
                if (m.nick().equals(nickname)) {
                    joined(m.param(0));
                } else {
                    userJoined(m.nick(), m.param(0));
                }
            }
            case "PART" -> {
                if (m.nick().equals(nickname)) {
                    left(m.param(0));
                } else {
                    userLeft(m.nick(), m.param(0));
                }
            }
            case "QUIT" -> userQuit(m.nick(), m.param(0));
            case "KICK" -> {
                String kicked = m.param(1);
                if (kicked.equals(nickname)) {
                    kickedFrom(m.param(0), m.nick(), m.param(2));
                } else {
                    userKicked(kicked, m.param(0), m.nick(), m.param(2));
                }
            }
            case "TOPIC" -> topicUpdated(prefix, m.param(0), m.param(1));
            case "332" -> topicUpdated(prefix, m.param(1), m.param(2)); // RPL_TOPIC
            case "353" -> { // RPL_NAMREPLY: me [= * @] channel :names
                int channelAt = m.params().size() >= 4 ? 2 : 1;
                String channel = key(m.param(channelAt));
                // A server inventing channels or names must not make us buffer without bound.
                if (namesCollected.containsKey(channel) || namesCollected.size() < MAX_TRACKED) {
                    List<String> names = namesCollected.computeIfAbsent(channel, k -> new ArrayList<>());
                    for (String name : m.param(channelAt + 1).split(" ")) {
                        if (!name.isEmpty() && names.size() < MAX_NAMES) {
                            names.add(name);
                        }
                    }
                }
            }
            case "366" -> { // RPL_ENDOFNAMES
                String channel = m.param(1);
                List<String> names = List.copyOf(namesCollected.getOrDefault(key(channel), List.of()));
                namesCollected.remove(key(channel));
                namesReceived(channel, names);
                List<Deferred<List<String>>> waiting = namesWaiting.remove(key(channel));
                if (waiting != null) {
                    for (Deferred<List<String>> d : waiting) {
                        d.callback(names);
                    }
                }
            }
            case "CAP" -> { // :server CAP <nick or *> ACK|NAK :<capabilities>
                String sub = m.param(1).toUpperCase(Locale.ROOT);
                List<String> caps = new ArrayList<>();
                for (String c : m.param(2).split(" ")) {
                    if (!c.isEmpty()) {
                        caps.add(c);
                    }
                }
                if (sub.equals("ACK")) {
                    for (String c : caps) {
                        if (c.startsWith("-")) {
                            enabledCapabilities.remove(c.substring(1));
                        } else if (enabledCapabilities.size() < MAX_TRACKED) {
                            enabledCapabilities.add(c);
                        }
                    }
                    capabilitiesAcknowledged(List.copyOf(caps));
                } else if (sub.equals("NAK")) {
                    capabilitiesRefused(List.copyOf(caps));
                }
                if ((sub.equals("ACK") || sub.equals("NAK")) && !registered) {
                    sendMessage(IRCMessage.of("CAP", "END"));
                }
            }
            case "MODE" -> modeChanged(prefix, m.param(0), m.param(1), m.params().size() > 2 ? m.params().subList(2, m.params().size()) : List.of());
            case "PRIVMSG" -> {
                String text = m.param(1);
                if (isCTCP(text)) {
                    ctcpQueried(prefix, m.param(0), text);
                } else {
                    privmsg(prefix, m.param(0), text);
                }
            }
            case "NOTICE" -> {
                String text = m.param(1);
                if (isCTCP(text)) {
                    ctcpReplied(prefix, m.param(0), text);
                } else {
                    noticed(prefix, m.param(0), text);
                }
            }
            default -> { }
        }
    }

    private static boolean isCTCP(String text) {
        return text.length() >= 2 && text.charAt(0) == CTCP;
    }

    /** The tag and the data of a CTCP message: the text between the first two \x01. */
    private static String[] ctcpParts(String text) {
        int end = text.indexOf(CTCP, 1);
        String inner = text.substring(1, end < 0 ? text.length() : end);
        int space = inner.indexOf(' ');
        return space < 0
                ? new String[] {inner.toUpperCase(Locale.ROOT), ""}
                : new String[] {inner.substring(0, space).toUpperCase(Locale.ROOT), inner.substring(space + 1)};
    }

    private void ctcpQueried(String user, String channel, String text) {
        String[] parts = ctcpParts(text);
        String nick = nickOf(user);
        switch (parts[0]) {
            case "ACTION" -> action(user, channel, parts[1]);
            case "VERSION" -> {
                if (versionName != null) {
                    autoReply(nick, "VERSION", versionName);
                }
            }
            case "PING" -> {
                autoReply(nick, "PING", parts[1]);
            }
            default -> ctcpQueryReceived(user, channel, parts[0], parts[1]);
        }
    }

    /**
     * Answers a CTCP query unless the answer cannot be sent (an odd nickname, data that would make
     * the line too long): the server chose what we echo, so it must not make us throw.
     */
    private void autoReply(String nick, String tag, String data) {
        try {
            IRCMessage reply = IRCMessage.of("NOTICE", checkWord(nick, "nick"), ctcp(tag, data));
            if (fits(reply)) {
                sendMessage(reply);
            }
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "not answering a CTCP {0}: {1}", LogText.escape(tag),
                    LogText.escape(String.valueOf(e.getMessage())));
        }
    }

    private static boolean fits(IRCMessage message) {
        try {
            return message.toLine().getBytes(StandardCharsets.UTF_8).length <= MAX_LINE_LENGTH - 2;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void ctcpReplied(String user, String channel, String text) {
        String[] parts = ctcpParts(text);
        if (parts[0].equals("PING")) {
            Long sent = pings.remove(key(nickOf(user)) + " " + parts[1]);
            if (sent != null) {
                pong(user, Duration.ofNanos(time.nanoTime() - sent));
                return;
            }
        }
        ctcpReplyReceived(user, channel, parts[0], parts[1]);
    }

    // ---- events ----------------------------------------------------------------------------------

    /** Called when the server has welcomed us (RPL_WELCOME): now join channels. */
    protected void signedOn() {}

    /**
     * Called when the server acknowledged requested IRCv3 capabilities ({@code CAP ACK}).
     *
     * @param capabilities the capabilities acknowledged
     */
    protected void capabilitiesAcknowledged(List<String> capabilities) {}

    /**
     * Called when the server refused requested IRCv3 capabilities ({@code CAP NAK}); registration
     * goes on without them.
     *
     * @param capabilities the capabilities refused
     */
    protected void capabilitiesRefused(List<String> capabilities) {}

    /**
     * Called when the server confirmed our new nickname.
     *
     * @param nick the new nickname
     */
    protected void nickChanged(String nick) {}

    /**
     * Called when we joined a channel.
     *
     * @param channel the channel
     */
    protected void joined(String channel) {}

    /**
     * Called when we left a channel.
     *
     * @param channel the channel
     */
    protected void left(String channel) {}

    /**
     * Called when we were kicked from a channel.
     *
     * @param channel the channel
     * @param kicker the nickname of who kicked us
     * @param message the reason given
     */
    protected void kickedFrom(String channel, String kicker, String message) {}

    /**
     * Called with a message to a channel or to us.
     *
     * @param user the sender's prefix ({@code nick!user@host})
     * @param channel the target: a channel, or our nickname for a private message
     * @param message the text
     */
    protected void privmsg(String user, String channel, String message) {}

    /**
     * Called with a notice to a channel or to us.
     *
     * @param user the sender's prefix, or a server name
     * @param channel the target
     * @param message the text
     */
    protected void noticed(String user, String channel, String message) {}

    /**
     * Called with a CTCP ACTION ({@code /me}).
     *
     * @param user the sender's prefix
     * @param channel the target
     * @param data the action text
     */
    protected void action(String user, String channel, String data) {}

    /**
     * Called when someone joined a channel we are on.
     *
     * @param user their nickname
     * @param channel the channel
     */
    protected void userJoined(String user, String channel) {}

    /**
     * Called when someone left a channel we are on.
     *
     * @param user their nickname
     * @param channel the channel
     */
    protected void userLeft(String user, String channel) {}

    /**
     * Called when someone on a channel we are on quit IRC.
     *
     * @param user their nickname
     * @param quitMessage their quit message
     */
    protected void userQuit(String user, String quitMessage) {}

    /**
     * Called when someone else was kicked from a channel we are on.
     *
     * @param kickee who was kicked
     * @param channel the channel
     * @param kicker who kicked them
     * @param message the reason given
     */
    protected void userKicked(String kickee, String channel, String kicker, String message) {}

    /**
     * Called when someone else changed their nickname.
     *
     * @param oldname the old nickname
     * @param newname the new one
     */
    protected void userRenamed(String oldname, String newname) {}

    /**
     * Called when a channel's topic was changed, or reported on joining (RPL_TOPIC).
     *
     * @param user who changed it (prefix), or the server
     * @param channel the channel
     * @param newTopic the topic
     */
    protected void topicUpdated(String user, String channel, String newTopic) {}

    /**
     * Called when a mode changed on a channel or a user.
     *
     * @param user who changed it (prefix)
     * @param target the channel or nickname
     * @param modes the mode string as sent, such as {@code +o-v}
     * @param args the mode arguments
     */
    protected void modeChanged(String user, String target, String modes, List<String> args) {}

    /**
     * Called with a channel's complete names list (RPL_NAMREPLY lines up to RPL_ENDOFNAMES),
     * whether asked for by {@link #names} or sent on joining.
     *
     * @param channel the channel
     * @param names the nicknames, with their status prefixes ({@code @}, {@code +}) as sent
     */
    protected void namesReceived(String channel, List<String> names) {}

    /**
     * Called with the answer to our {@link #ping(String)}.
     *
     * @param user the prefix of who answered
     * @param roundTrip the time since the ping was sent, on the reactor's clock
     */
    protected void pong(String user, Duration roundTrip) {}

    /**
     * Called with a CTCP query this class does not answer itself (not ACTION, VERSION or PING).
     *
     * @param user the sender's prefix
     * @param channel the target
     * @param tag the query tag, upper case
     * @param data what follows the tag
     */
    protected void ctcpQueryReceived(String user, String channel, String tag, String data) {}

    /**
     * Called with a CTCP reply other than the answer to our own {@link #ping}.
     *
     * @param user the sender's prefix
     * @param channel the target
     * @param tag the reply tag, upper case
     * @param data what follows the tag
     */
    protected void ctcpReplyReceived(String user, String channel, String tag, String data) {}

    /**
     * Gives the nickname to try when {@code nickname} is in use; Twisted's default appends an
     * underscore.
     *
     * @param nickname the nickname the server refused
     * @return the next one to try
     */
    protected String alterCollidedNick(String nickname) {
        return nickname + "_";
    }

    /**
     * Gives the nickname to register with when the server refuses ours as erroneous (432) before
     * registration; Twisted's default is {@code defaultnick}.
     *
     * @return the fallback nickname
     */
    protected String erroneousNickFallback() {
        return "defaultnick";
    }

    // ---- requests --------------------------------------------------------------------------------

    /**
     * Asks for a new nickname ({@code NICK}); {@link #nickChanged} follows when the server agrees.
     *
     * @param nick the nickname
     */
    public void setNick(String nick) {
        attemptedNick = checkWord(nick, "nickname");
        sendMessage(IRCMessage.of("NICK", nick));
    }

    /**
     * Joins a channel; a name without a channel prefix gets {@code #}, as in Twisted.
     *
     * @param channel the channel
     */
    public void join(String channel) {
        sendMessage(IRCMessage.of("JOIN", channel(channel)));
    }

    /**
     * Joins a channel that has a key.
     *
     * @param channel the channel
     * @param key its key
     */
    public void join(String channel, String key) {
        sendMessage(IRCMessage.of("JOIN", channel(channel), checkWord(key, "key")));
    }

    /**
     * Leaves a channel ({@code PART}).
     *
     * @param channel the channel
     * @param reason the parting message, possibly empty
     */
    public void leave(String channel, String reason) {
        sendMessage(reason.isEmpty() ? IRCMessage.of("PART", channel(channel)) : IRCMessage.of("PART", channel(channel), checkText(reason)));
    }

    /**
     * Kicks someone from a channel.
     *
     * @param channel the channel
     * @param user their nickname
     * @param reason the reason, possibly empty
     */
    public void kick(String channel, String user, String reason) {
        sendMessage(IRCMessage.of("KICK", channel(channel), checkWord(user, "user"), checkText(reason)));
    }

    /**
     * Disconnects from the server ({@code QUIT}); the server then closes the connection.
     *
     * @param message the quit message, possibly empty
     */
    public void quit(String message) {
        sendMessage(IRCMessage.of("QUIT", checkText(message)));
    }

    /**
     * Sends a message to a channel or a user, split into as many {@code PRIVMSG}s as needed: one
     * per line of {@code message}, and each line cut, on character boundaries, into pieces that fit
     * an IRC line.
     *
     * @param target a channel or a nickname
     * @param message the text; LF (or CR LF) separates lines; empty lines are not sent
     */
    public void msg(String target, String message) {
        sendSplit("PRIVMSG", target, message);
    }

    /**
     * Sends a notice, split like {@link #msg}.
     *
     * @param target a channel or a nickname
     * @param message the text
     */
    public void notice(String target, String message) {
        sendSplit("NOTICE", target, message);
    }

    /**
     * Sends a CTCP ACTION ({@code /me}).
     *
     * @param target a channel or a nickname
     * @param action the action text, one line
     */
    public void describe(String target, String action) {
        ctcpMakeQuery(target, "ACTION", action);
    }

    /**
     * Sends a CTCP PING to a user; {@link #pong} reports the answer.
     *
     * @param user the nickname
     */
    public void ping(String user) {
        String token = Long.toString(++pingCounter) + "." + time.nanoTime();
        pings.put(key(user) + " " + token, time.nanoTime());
        if (pings.size() > MAX_TRACKED) {
            pings.clear(); // nobody answers: do not keep them for ever
        }
        ctcpMakeQuery(user, "PING", token);
    }

    /**
     * Sends a CTCP query in a {@code PRIVMSG}.
     *
     * @param target the nickname or channel
     * @param tag the query tag, such as {@code VERSION}
     * @param data what follows the tag, possibly empty
     */
    public void ctcpMakeQuery(String target, String tag, String data) {
        sendMessage(IRCMessage.of("PRIVMSG", checkWord(target, "target"), ctcp(tag, data)));
    }

    /**
     * Sends a CTCP reply in a {@code NOTICE}.
     *
     * @param target the nickname
     * @param tag the reply tag
     * @param data the reply
     */
    public void ctcpMakeReply(String target, String tag, String data) {
        sendMessage(IRCMessage.of("NOTICE", checkWord(target, "target"), ctcp(tag, data)));
    }

    /**
     * Asks for a channel's topic; the answer comes as {@link #topicUpdated}.
     *
     * @param channel the channel
     */
    public void topic(String channel) {
        sendMessage(IRCMessage.of("TOPIC", channel(channel)));
    }

    /**
     * Sets a channel's topic.
     *
     * @param channel the channel
     * @param topic the new topic; empty clears it
     */
    public void topic(String channel, String topic) {
        sendMessage(IRCMessage.of("TOPIC", channel(channel), checkText(topic)));
    }

    /**
     * Asks for the nicknames on a channel. The Deferred fires with the list collected from the
     * RPL_NAMREPLY lines when RPL_ENDOFNAMES arrives, or fails with the reason if the connection
     * ends first.
     *
     * @param channel the channel
     * @return the nicknames, with their status prefixes ({@code @}, {@code +}) as sent
     */
    public Deferred<List<String>> names(String channel) {
        String name = channel(channel);
        Deferred<List<String>> d = new Deferred<>();
        namesWaiting.computeIfAbsent(key(name), k -> new ArrayList<>()).add(d);
        sendMessage(IRCMessage.of("NAMES", name));
        return d;
    }

    /**
     * Changes modes of a channel or a user ({@code MODE target modes args...}).
     *
     * @param target the channel or nickname
     * @param modes the mode string, such as {@code +o} or {@code -t}
     * @param args the mode arguments
     */
    public void mode(String target, String modes, String... args) {
        List<String> params = new ArrayList<>();
        params.add(checkWord(target, "target"));
        params.add(checkWord(modes, "modes"));
        for (String a : args) {
            params.add(checkWord(a, "mode argument"));
        }
        sendMessage(new IRCMessage(Map.of(), null, "MODE", params));
    }

    /**
     * Sends any message through the send queue.
     *
     * @param message the message
     * @throws IllegalArgumentException if it contains CR, LF or NUL, or is longer than an IRC line
     */
    public void sendMessage(IRCMessage message) {
        String line = message.toLine();
        int untagged = message.tags().isEmpty() ? line.length() : line.length() - line.indexOf(' ') - 1;
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int untaggedBytes = message.tags().isEmpty() ? bytes.length : line.substring(line.length() - untagged).getBytes(StandardCharsets.UTF_8).length;
        if (untaggedBytes > MAX_LINE_LENGTH - 2) {
            throw new IllegalArgumentException("IRC line of " + untaggedBytes + " bytes is longer than " + (MAX_LINE_LENGTH - 2));
        }
        sendLine(bytes);
    }

    /**
     * Queues a raw line (without line ending) for sending, subject to the line rate.
     *
     * @param line the line
     */
    @Override
    public void sendLine(byte[] line) {
        for (byte b : line) {
            if (b == '\r' || b == '\n' || b == 0) {
                throw new IllegalArgumentException("CR, LF or NUL in an IRC line");
            }
        }
        if (lineRate == null) {
            writeLine(line);
            return;
        }
        queue.add(line);
        if (queueCall == null) {
            drainQueue();
        }
    }

    private void drainQueue() {
        queueCall = null;
        byte[] next = queue.poll();
        if (next == null) {
            return;
        }
        writeLine(next);
        if (lineRate != null && connected()) {
            queueCall = time.callLater(lineRate, this::drainQueue);
        }
    }

    private void writeNow(String line) {
        writeLine(line.getBytes(StandardCharsets.UTF_8));
    }

    private void writeLine(byte[] line) {
        if (connected() && !transport().isClosing()) {
            transport().write(concat(line));
        }
    }

    private static byte[] concat(byte[] line) {
        byte[] out = new byte[line.length + 2];
        System.arraycopy(line, 0, out, 0, line.length);
        out[line.length] = '\r';
        out[line.length + 1] = '\n';
        return out;
    }

    private void sendSplit(String command, String target, String message) {
        checkWord(target, "target");
        if (message.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in a message");
        }
        // Our own prefix, as the server will put it in front when relaying: ":nick!~user@host ".
        String user = username != null ? username : nickname;
        int prefix = 1 + utf8Length(nickname) + 2 + Math.min(utf8Length(user), 10) + 1 + HOST_ALLOWANCE + 1;
        int budget = MAX_LINE_LENGTH - 2 - prefix - utf8Length(command + " " + target + " :");
        if (budget < 16) {
            throw new IllegalArgumentException("target too long to send a message to: " + target);
        }
        for (String piece : splitUTF8(message, budget)) {
            sendMessage(IRCMessage.of(command, target, piece));
        }
    }

    /**
     * Splits {@code text} into lines at LF (dropping a CR before it and empty lines), then each
     * line into pieces of at most {@code maxBytes} UTF-8 bytes, never inside a character.
     *
     * @param text the text
     * @param maxBytes the most bytes per piece, at least 4
     * @return the pieces, in order
     */
    public static List<String> splitUTF8(String text, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("maxBytes must be at least 4: " + maxBytes);
        }
        List<String> pieces = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            int start = 0;
            int bytes = 0;
            int i = 0;
            while (i < line.length()) {
                int cp = line.codePointAt(i);
                int n = utf8Length(cp);
                if (bytes + n > maxBytes) {
                    pieces.add(line.substring(start, i));
                    start = i;
                    bytes = 0;
                }
                bytes += n;
                i += Character.charCount(cp);
            }
            if (start < line.length()) {
                pieces.add(line.substring(start));
            }
        }
        return pieces;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String ctcp(String tag, String data) {
        checkWord(tag, "tag");
        if (data.indexOf(CTCP) >= 0) {
            throw new IllegalArgumentException("\\x01 in CTCP data");
        }
        return CTCP + tag.toUpperCase(Locale.ROOT) + (data.isEmpty() ? "" : " " + checkText(data)) + CTCP;
    }

    private static String channel(String channel) {
        checkWord(channel, "channel");
        return "&#!+".indexOf(channel.charAt(0)) >= 0 ? channel : "#" + channel;
    }

    private static String nickOf(String prefix) {
        int bang = prefix.indexOf('!');
        return bang < 0 ? prefix : prefix.substring(0, bang);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String checkWord(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty() || s.startsWith(":")) {
            throw new IllegalArgumentException(what + " must not be empty or start with ':'");
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ' ' || c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(what + " must not contain space, CR, LF or NUL: " + s);
            }
        }
        return s;
    }

    private static String checkText(String s) {
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("CR, LF or NUL in IRC text");
        }
        return s;
    }

    private static void cancel(@Nullable DelayedCall call) {
        if (call != null && call.active()) {
            call.cancel();
        }
    }
}
