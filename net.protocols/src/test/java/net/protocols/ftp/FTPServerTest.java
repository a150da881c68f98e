package net.protocols.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import net.protocols.basic.LineTooLongException;
import net.protocols.policies.IdleTimeoutException;
import net.reactor.ConnectionDoneException;
import net.reactor.testing.MemoryConnector;
import net.reactor.testing.MemoryReactor;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's command and reply paths, on the in-memory reactor with a fake clock. */
class FTPServerTest {
    @TempDir
    Path root;

    @TempDir
    Path outside;

    private Session s;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        s = new Session(root, Session.options());
    }

    @Test
    void greetsThenRefusesEverythingButLoginCommandsBeforeLogin() {
        assertThat(s.output()).isEqualTo("220 Spindle FTP server ready.\r\n");
        assertThat(s.send("PWD", "LIST", "RETR hello.txt", "PASV", "SYST", "NOOP")).isEqualTo(
                "530 Please login with USER and PASS.\r\n"
                        + "530 Please login with USER and PASS.\r\n"
                        + "530 Please login with USER and PASS.\r\n"
                        + "530 Please login with USER and PASS.\r\n"
                        + "215 UNIX Type: L8\r\n"
                        + "200 NOOP ok.\r\n");
        assertThat(s.send("FOO bar", "", "A1B", "TOOLONGVERB x")).isEqualTo(
                "500 Syntax error, command unrecognized.\r\n".repeat(4));
        assertThat(s.send("PASS x")).isEqualTo("503 Login with USER first.\r\n");
        assertThat(s.send("ACCT x")).isEqualTo("502 ACCT not implemented: no accounts here.\r\n");
    }

    @Test
    void logsInAndAnswersTheSimpleCommands() {
        s.output();
        s.login();
        assertThat(s.send("pwd", "XPWD")).isEqualTo(
                "257 \"/\" is the current directory.\r\n257 \"/\" is the current directory.\r\n");
        assertThat(s.send("TYPE A", "TYPE I", "TYPE L 8", "TYPE E", "TYPE")).isEqualTo(
                "200 Type set to A.\r\n200 Type set to I.\r\n200 Type set to I.\r\n"
                        + "504 Type not supported: E.\r\n501 TYPE needs an argument.\r\n");
        assertThat(s.send("MODE S", "MODE B", "STRU F", "STRU R")).isEqualTo(
                "200 Mode set to S.\r\n504 Only stream mode (S) is supported.\r\n"
                        + "200 Structure set to F.\r\n504 Only file structure (F) is supported.\r\n");
        assertThat(s.send("OPTS UTF8 ON", "OPTS FOO")).isEqualTo(
                "200 Always in UTF8 mode.\r\n501 Option not understood.\r\n");
        assertThat(s.send("USER bob")).isEqualTo("530 Can't change to another user.\r\n");
        assertThat(s.send("AUTH TLS")).isEqualTo("502 AUTH not supported: this server has no certificate.\r\n");
        assertThat(s.send("PBSZ 0", "PROT P")).isEqualTo("503 PBSZ needs AUTH TLS first.\r\n503 PROT needs PBSZ first.\r\n");
        assertThat(s.send("ALLO 100")).isEqualTo("202 ALLO command ignored.\r\n");
        assertThat(s.send("QUIT")).isEqualTo("221 Goodbye.\r\n");
        assertThat(s.control.isDisconnecting()).isTrue();
    }

    @Test
    void featAndHelpAreMultiLineReplies() {
        s.output();
        String feat = s.send("FEAT");
        assertThat(feat).startsWith("211-Features:\r\n").endsWith("211 End\r\n")
                .contains("\r\n EPSV\r\n", "\r\n REST STREAM\r\n", "\r\n SIZE\r\n", "\r\n UTF8\r\n", "\r\n MLST type*;")
                .doesNotContain("AUTH TLS");
        String help = s.send("HELP");
        assertThat(help).startsWith("214-The following commands are recognized:\r\n").endsWith("214 Help OK.\r\n")
                .contains(" RETR ");
        for (String line : help.split("\r\n")) {
            assertThat(line).matches("214[- ].*| .*");
        }
    }

    @Test
    void aWrongPasswordIsAnsweredLateAndTheThirdClosesTheSession() {
        s.output();
        assertThat(s.send("USER alice", "PASS wrong", "NOOP")).isEqualTo("331 Password required for alice.\r\n");
        s.advance(Duration.ofMillis(999));
        assertThat(s.output()).isEmpty();
        s.advance(Duration.ofMillis(1));
        assertThat(s.output()).isEqualTo("530 Login incorrect.\r\n200 NOOP ok.\r\n");
        s.send("USER nobody", "PASS secret");
        s.advance(Duration.ofSeconds(1));
        assertThat(s.output()).isEqualTo("530 Login incorrect.\r\n");
        assertThat(s.control.isDisconnecting()).isFalse();
        s.send("USER alice", "PASS Secret");
        s.advance(Duration.ofSeconds(1));
        assertThat(s.output()).isEqualTo("530 Login incorrect.\r\n");
        assertThat(s.control.isDisconnecting()).isTrue();
        assertThat(s.control.closeReason()).isInstanceOf(LoginFailedException.class);
        assertThat(s.ftp.loggedIn()).isFalse();
    }

    @Test
    void anonymousIsRefusedUnlessTheCheckerOffersItAndThenReadOnly() throws IOException {
        s.output();
        s.send("USER anonymous", "PASS guest@example.org");
        s.advance(Duration.ofSeconds(1));
        assertThat(s.output()).isEqualTo("530 Login incorrect.\r\n");

        Session guest = new Session(root, Session.options(), FileSystemShell.create(s.reactor, root, true));
        guest.output();
        assertThat(guest.send("USER ftp", "PASS guest@example.org")).isEqualTo(
                "331 Guest login ok, type your email address as password.\r\n"
                        + "230 Anonymous login ok, access restrictions apply.\r\n");
        assertThat(guest.send("SIZE hello.txt")).isEqualTo("213 13\r\n");
        assertThat(guest.send("MKD new", "DELE hello.txt", "RNFR hello.txt", "RNTO x")).isEqualTo(
                "550 Permission denied.\r\n550 Permission denied.\r\n350 Ready for the destination name (RNTO).\r\n"
                        + "550 Permission denied.\r\n");
        guest.passive();
        assertThat(guest.send("STOR upload.bin")).isEqualTo("550 Permission denied.\r\n");
        assertThat(root.resolve("upload.bin")).doesNotExist();
        assertThat(root.resolve("hello.txt")).exists();
    }

    @Test
    void pathsStayInsideTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("new.txt"));
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("sub"));
        s.output();
        s.login();
        assertThat(s.send("CWD ..", "PWD")).isEqualTo(
                "250 Directory changed to /.\r\n257 \"/\" is the current directory.\r\n");
        assertThat(s.send("CWD /../../..", "CWD sub/../../sub", "PWD", "CDUP", "PWD")).isEqualTo(
                "250 Directory changed to /.\r\n250 Directory changed to /sub.\r\n257 \"/sub\" is the current directory.\r\n"
                        + "250 Directory changed to /.\r\n257 \"/\" is the current directory.\r\n");
        assertThat(s.send("SIZE " + outside.resolve("secret.txt"))).isEqualTo("550 No such file or directory.\r\n");
        assertThat(s.send("CWD out", "SIZE leak.txt", "SIZE out/secret.txt", "DELE out/secret.txt"))
                .isEqualTo("550 Path refused: it leads out of the root.\r\n".repeat(4));
        assertThat(s.send("CWD inside", "PWD")).isEqualTo(
                "250 Directory changed to /inside.\r\n257 \"/inside\" is the current directory.\r\n");
        s.send("CWD /");
        s.passive();
        assertThat(s.send("STOR dangling")).isEqualTo("550 Path refused: a symbolic link to nowhere.\r\n");
        assertThat(outside.resolve("new.txt")).doesNotExist();
        s.passive();
        assertThat(s.send("RETR leak.txt")).isEqualTo("550 Path refused: it leads out of the root.\r\n");
        // NUL bytes, over-long names and paths.
        s.ftp.dataReceived("SIZE hello.txt\0/../x\r\n".getBytes(UTF_8));
        assertThat(s.output()).isEqualTo("550 Path refused: it contains a NUL byte.\r\n");
        assertThat(s.send("MKD " + "n".repeat(256))).isEqualTo("550 Path refused: a name longer than 255 bytes.\r\n");
        assertThat(s.send("CWD " + "a/".repeat(2100))).isEqualTo("550 Path refused: longer than 4096 bytes.\r\n");
        // Deleting a link removes the link, not what it points to.
        assertThat(s.send("DELE leak.txt")).isEqualTo("250 File removed.\r\n");
        assertThat(outside.resolve("secret.txt")).exists();
        // Listings leave out links that lead outside.
        StringTransport data = s.passive();
        s.send("NLST");
        assertThat(data.valueAsString(UTF_8)).isEqualTo("hello.txt\r\ninside\r\nsub\r\n");
    }

    @Test
    void directoryCommandsChangeTheFiles() throws IOException {
        s.output();
        s.login();
        assertThat(s.send("MKD new dir", "CWD new dir", "PWD", "XMKD inner", "RMD inner", "CDUP")).isEqualTo(
                "257 \"/new dir\" created.\r\n250 Directory changed to /new dir.\r\n"
                        + "257 \"/new dir\" is the current directory.\r\n257 \"/new dir/inner\" created.\r\n"
                        + "250 Directory removed.\r\n250 Directory changed to /.\r\n");
        assertThat(root.resolve("new dir")).isDirectory();
        assertThat(s.send("MKD sub", "RMD nothing", "RMD hello.txt", "CWD hello.txt")).isEqualTo(
                "550 File exists.\r\n550 No such file or directory.\r\n550 Not a directory.\r\n550 Not a directory.\r\n");
        Files.writeString(root.resolve("sub/keep"), "x");
        assertThat(s.send("RMD sub")).isEqualTo("550 Directory not empty.\r\n");
        assertThat(s.send("RNTO x")).isEqualTo("503 RNFR required first.\r\n");
        assertThat(s.send("RNFR hello.txt", "RNTO new dir/moved.txt")).isEqualTo(
                "350 Ready for the destination name (RNTO).\r\n250 Rename successful.\r\n");
        assertThat(root.resolve("new dir/moved.txt")).hasContent("hello, world");
        assertThat(s.send("RNFR nothing", "RNFR sub", "NOOP", "RNTO y")).isEqualTo(
                "550 No such file or directory.\r\n350 Ready for the destination name (RNTO).\r\n200 NOOP ok.\r\n"
                        + "503 RNFR required first.\r\n");
        assertThat(s.send("DELE new dir/moved.txt", "DELE sub", "DELE nothing")).isEqualTo(
                "250 File removed.\r\n550 Is a directory: use RMD.\r\n550 No such file or directory.\r\n");
        assertThat(s.send("SIZE sub", "MDTM nothing")).isEqualTo(
                "550 Not a plain file.\r\n550 No such file or directory.\r\n");
        assertThat(s.send("MDTM sub")).matches("213 \\d{14}\r\n");
    }

    @Test
    void listingsGoOverThePassiveDataConnection() {
        s.output();
        s.login();
        StringTransport data = s.passive();
        assertThat(s.send("LIST")).isEqualTo("150 Here comes the directory listing.\r\n226 Transfer complete.\r\n");
        String[] lines = data.valueAsString(UTF_8).split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("-rw.{7} +1 ftp +ftp +13 \\w{3} \\d\\d [ \\d]\\d:?\\d\\d +hello\\.txt");
        assertThat(lines[1]).matches("drwx.{6} +2 ftp +ftp +0 .* sub");
        assertThat(data.isDisconnecting()).isTrue();

        data = s.passive();
        s.send("LIST -la sub");
        assertThat(data.valueAsString(UTF_8)).isEmpty();

        data = s.passive();
        s.send("MLSD");
        assertThat(data.valueAsString(UTF_8)).matches(
                "type=file;size=13;modify=\\d{14};perm=adfwr;unix.mode=0\\d{3}; hello\\.txt\r\n"
                        + "type=dir;modify=\\d{14};perm=cdfmpel;unix.mode=0\\d{3}; sub\r\n");
        s.passive();
        assertThat(s.send("MLSD hello.txt")).isEqualTo("501 Not a directory: MLSD lists directories.\r\n");
        assertThat(s.send("MLST hello.txt")).matches(
                "250-Listing /hello.txt\r\n type=file;size=13;modify=\\d{14};perm=adfwr;unix.mode=0\\d{3}; /hello.txt\r\n"
                        + "250 End.\r\n");
        assertThat(s.send("STAT sub")).isEqualTo("213-Status of /sub:\r\n213 End of status.\r\n");
        assertThat(s.send("STAT")).startsWith("211-FTP server status:\r\n").contains(" Connected to 192.168.1.1\r\n")
                .endsWith("211 End of status.\r\n");
        assertThat(s.send("LIST")).isEqualTo("425 Use PORT, PASV or EPSV first.\r\n");
    }

    @Test
    void retrieveStreamsTheFileAndRestStartsLater() {
        s.output();
        s.login();
        StringTransport data = s.passive();
        assertThat(s.send("RETR hello.txt")).isEqualTo(
                "150 Opening BINARY mode data connection for /hello.txt.\r\n226 Transfer complete.\r\n");
        assertThat(data.valueAsString(UTF_8)).isEqualTo("hello, world\n");

        data = s.passive();
        assertThat(s.send("REST 7", "RETR hello.txt")).isEqualTo(
                "350 Restarting at 7. Send STOR or RETR to start the transfer.\r\n"
                        + "150 Opening BINARY mode data connection for /hello.txt from byte 7.\r\n"
                        + "226 Transfer complete.\r\n");
        assertThat(data.valueAsString(UTF_8)).isEqualTo("world\n");
        assertThat(s.send("REST x", "REST -1")).isEqualTo("501 REST needs a byte offset.\r\n".repeat(2));

        s.passive();
        assertThat(s.send("RETR nothing", "RETR sub")).isEqualTo(
                "550 No such file or directory.\r\n425 Use PORT, PASV or EPSV first.\r\n");
    }

    @Test
    void theClientMayConnectAfterTheTransferCommand() {
        s.output();
        s.login();
        assertThat(s.send("EPSV")).isEqualTo("229 Entering Extended Passive Mode (|||40000|).\r\n");
        assertThat(s.send("RETR hello.txt")).isEqualTo("150 Opening BINARY mode data connection for /hello.txt.\r\n");
        StringTransport data = s.lastPort().accept(Session.PEER);
        assertThat(data.valueAsString(UTF_8)).isEqualTo("hello, world\n");
        assertThat(s.output()).isEqualTo("226 Transfer complete.\r\n");
    }

    @Test
    void aPassivePortAcceptsOnlyTheControlPeerAndOneConnection() {
        s.output();
        s.login();
        s.send("PASV");
        assertThat(s.lastPort().accept(Session.STRANGER)).isNull();
        assertThat(s.lastPort().accept(Session.PEER)).isNotNull();
        assertThat(s.lastPort().isListening()).isFalse();
    }

    @Test
    void aPassivePortNobodyConnectsToTimesOut() {
        s.output();
        s.login();
        assertThat(s.send("PASV", "RETR hello.txt")).endsWith(
                "\r\n150 Opening BINARY mode data connection for /hello.txt.\r\n");
        s.advance(Duration.ofSeconds(30));
        assertThat(s.output()).isEqualTo("425 Can't open data connection.\r\n");
        assertThat(s.lastPort().isListening()).isFalse();
        assertThat(s.send("NOOP")).isEqualTo("200 NOOP ok.\r\n");
    }

    @Test
    void storeWritesTheUploadAndAppendAndRestAddToIt() throws IOException {
        s.output();
        s.login();
        StringTransport data = s.passive();
        assertThat(s.send("STOR up.txt")).isEqualTo("150 Ok to send data for /up.txt.\r\n");
        data.protocol().dataReceived("first ".getBytes(UTF_8));
        data.protocol().dataReceived("part".getBytes(UTF_8));
        assertThat(s.output()).isEmpty();
        data.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(s.output()).isEqualTo("226 Transfer complete.\r\n");
        assertThat(root.resolve("up.txt")).hasContent("first part");

        data = s.passive();
        s.send("APPE up.txt");
        data.protocol().dataReceived(", more".getBytes(UTF_8));
        data.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(root.resolve("up.txt")).hasContent("first part, more");

        data = s.passive();
        assertThat(s.send("REST 5", "STOR up.txt")).endsWith("150 Ok to send data for /up.txt.\r\n");
        data.protocol().dataReceived("!".getBytes(UTF_8));
        data.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(root.resolve("up.txt")).hasContent("first!");

        // A connection that breaks is not a complete upload.
        data = s.passive();
        s.send("STOR broken.txt");
        data.protocol().dataReceived("half".getBytes(UTF_8));
        data.deliverConnectionLost(new net.reactor.ConnectionLostException("reset"));
        assertThat(s.output()).isEqualTo("426 Data connection closed; transfer aborted.\r\n");
        assertThat(s.send("STOR sub")).isEqualTo("425 Use PORT, PASV or EPSV first.\r\n");
    }

    @Test
    void bytesSentBeforeTheFileIsOpenAreKept() {
        s.output();
        s.login();
        s.send("PASV");
        StringTransport data = s.lastPort().accept(Session.PEER);
        data.protocol().dataReceived("early ".getBytes(UTF_8));
        s.send("STOR early.txt");
        data.protocol().dataReceived("bird".getBytes(UTF_8));
        data.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(root.resolve("early.txt")).hasContent("early bird");
    }

    @Test
    void activeModeConnectsOnlyBackToTheClient() {
        s.output();
        s.login();
        assertThat(s.send("PORT 203,0,113,9,200,1", "PORT 192,168,1,1,0,21", "EPRT |1|203.0.113.9|5000|",
                "PORT 1,2,3", "EPRT |3|x|1|")).isEqualTo(
                "500 Illegal PORT command: data connections go only to your own address, port 1024 or above.\r\n"
                        + "500 Illegal PORT command: data connections go only to your own address, port 1024 or above.\r\n"
                        + "500 Illegal EPRT command: data connections go only to your own address, port 1024 or above.\r\n"
                        + "501 Bad PORT argument.\r\n"
                        + "522 Network protocol not supported or bad EPRT argument, use (1,2).\r\n");
        assertThat(s.reactor.tcpClients()).isEmpty();
        assertThat(s.send("PORT 192,168,1,1,200,1")).isEqualTo("200 PORT command successful. Consider using PASV.\r\n");
        assertThat(s.send("RETR hello.txt")).isEqualTo("150 Opening BINARY mode data connection for /hello.txt.\r\n");
        MemoryReactor.TCPClient client = s.reactor.tcpClients().getLast();
        assertThat(client.host()).isEqualTo("192.168.1.1");
        assertThat(client.port()).isEqualTo(200 * 256 + 1);
        StringTransport data = client.connector().completeConnection();
        assertThat(data.valueAsString(UTF_8)).isEqualTo("hello, world\n");
        assertThat(s.output()).isEqualTo("226 Transfer complete.\r\n");

        assertThat(s.send("EPRT |1|192.168.1.1|6000|", "RETR hello.txt")).isEqualTo(
                "200 EPRT command successful. Consider using PASV.\r\n"
                        + "150 Opening BINARY mode data connection for /hello.txt.\r\n");
        MemoryConnector connector = s.reactor.tcpClients().getLast().connector();
        connector.failConnection(new net.reactor.ConnectionRefusedException("refused"));
        assertThat(s.output()).isEqualTo("425 Can't open data connection.\r\n");

        assertThat(s.send("EPSV ALL", "PORT 192,168,1,1,200,1", "PASV")).isEqualTo(
                "200 EPSV ALL ok.\r\n" + "503 EPSV ALL was sent: only EPSV is allowed.\r\n".repeat(2));
    }

    @Test
    void aborWhileTransferringAnswers426Then226() {
        s.output();
        s.login();
        StringTransport data = s.passive();
        s.send("STOR slow.bin");
        data.protocol().dataReceived(new byte[100]);
        assertThat(s.send("ABOR")).isEqualTo("426 Transfer aborted.\r\n226 ABOR command successful.\r\n");
        assertThat(data.isDisconnected()).isTrue();
        assertThat(s.send("ABOR")).isEqualTo("225 No transfer to abort.\r\n");
        // Telnet IP and Synch before ABOR, as classic clients send them.
        data = s.passive();
        s.send("STOR slow.bin");
        s.ftp.dataReceived(new byte[] {(byte) 255, (byte) 244, (byte) 255, (byte) 242, 'A', 'B', 'O', 'R', '\r', '\n'});
        assertThat(s.output()).isEqualTo("426 Transfer aborted.\r\n226 ABOR command successful.\r\n");
    }

    @Test
    void commandsDuringATransferWaitForItsEnd() {
        s.output();
        s.login();
        StringTransport data = s.passive();
        assertThat(s.send("STOR x.bin", "PWD", "NOOP")).isEqualTo("150 Ok to send data for /x.bin.\r\n");
        data.deliverConnectionLost(new ConnectionDoneException("closed"));
        assertThat(s.output()).isEqualTo(
                "226 Transfer complete.\r\n257 \"/\" is the current directory.\r\n200 NOOP ok.\r\n");
    }

    @Test
    void anUploadThatNeverSendsIsAborted() {
        s.output();
        s.login();
        StringTransport data = s.passive();
        assertThat(s.send("STOR stalled.bin")).isEqualTo("150 Ok to send data for /stalled.bin.\r\n");
        s.advance(Duration.ofSeconds(59));
        data.protocol().dataReceived(new byte[10]);
        s.advance(Duration.ofSeconds(59));
        assertThat(s.output()).isEmpty();
        s.advance(Duration.ofSeconds(1));
        assertThat(s.output()).isEqualTo("426 Data connection timed out: no progress for 60 s.\r\n");
        assertThat(data.isDisconnected()).isTrue();
    }

    @Test
    void theIdleTimeoutClosesTheSession() {
        s.output();
        s.login();
        s.advance(Duration.ofMinutes(4));
        assertThat(s.send("NOOP")).isEqualTo("200 NOOP ok.\r\n");
        s.advance(Duration.ofMinutes(4));
        assertThat(s.control.isDisconnecting()).isFalse();
        s.advance(Duration.ofMinutes(1));
        assertThat(s.output()).isEqualTo("421 Timeout (300 s): closing control connection.\r\n");
        assertThat(s.control.closeReason()).isInstanceOf(IdleTimeoutException.class);
    }

    @Test
    void anOverlongLineIsAnswered500AndTheSessionGoesOn() {
        s.output();
        s.login();
        byte[] line = ("SIZE " + "x".repeat(9000) + "\r\nNOOP\r\n").getBytes(UTF_8);
        s.ftp.dataReceived(line);
        assertThat(s.output()).isEqualTo("500 Command line too long.\r\n200 NOOP ok.\r\n");
        // Split in pieces, without a delimiter for a while.
        s.ftp.dataReceived(("SIZE " + "y".repeat(9000)).getBytes(UTF_8));
        s.ftp.dataReceived("y".repeat(9000).getBytes(UTF_8));
        s.ftp.dataReceived("yyy\r".getBytes(UTF_8));
        s.ftp.dataReceived("\nPWD\r\n".getBytes(UTF_8));
        assertThat(s.output()).isEqualTo("500 Command line too long.\r\n257 \"/\" is the current directory.\r\n");
        assertThat(s.control.isDisconnecting()).isFalse();
    }

    @Test
    void aOneMegabyteLineClosesTheSession() {
        s.output();
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) 'A');
        for (int at = 0; at < huge.length && !s.control.isDisconnecting(); at += 64 * 1024) {
            s.ftp.dataReceived(Arrays.copyOfRange(huge, at, at + 64 * 1024));
        }
        assertThat(s.output()).isEqualTo(
                "500 Command line too long.\r\n500 Command line too long; closing control connection.\r\n");
        assertThat(s.control.closeReason()).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void aFloodOfCommandsWhileBusyClosesTheSession() {
        s.output();
        s.send("USER alice", "PASS wrong");
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < FTP.MAX_WAITING + 1; i++) {
            flood.append("NOOP\r\n");
        }
        s.control.clear();
        s.ftp.dataReceived(flood.toString().getBytes(UTF_8));
        assertThat(s.output()).isEqualTo("421 Too many commands waiting; closing control connection.\r\n");
        assertThat(s.control.closeReason()).isInstanceOf(CommandFloodException.class);
        s.control.deliverConnectionLost();
        s.advance(Duration.ofSeconds(1));
        assertThat(s.output()).isEmpty();
    }

    @Test
    void losingTheControlConnectionGivesUpTheDataChannel() {
        s.output();
        s.login();
        s.send("PASV");
        s.control.deliverConnectionLost(new ConnectionDoneException("bye"));
        assertThat(s.lastPort().isListening()).isFalse();
        assertThat(s.reactor.clock().getDelayedCalls()).isEmpty();
    }
}
