package spindle.it.memcache;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import spindle.it.support.RequiredPeer;

/**
 * The memcached the tests talk to: the one .ci/run started (SPINDLE_MEMCACHED_PORT on 127.0.0.1),
 * else one started here from Debian's /usr/bin/memcached on a free port, else a visible skip
 * (a failure with SPINDLE_REQUIRE_SERVERS=1).
 */
final class Memcached implements AutoCloseable {
    final int port;
    private final Process process;

    private Memcached(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static Memcached find() throws Exception {
        String env = System.getenv("SPINDLE_MEMCACHED_PORT");
        if (env != null && reachable(Integer.parseInt(env))) {
            return new Memcached(Integer.parseInt(env), null);
        }
        Path binary = Path.of("/usr/bin/memcached");
        if (Files.isExecutable(binary)) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-l", "127.0.0.1", "-p",
                    Integer.toString(port), "-U", "0", "-m", "64"));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody"));
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 200 && p.isAlive(); i++) {
                if (reachable(port)) {
                    return new Memcached(port, p);
                }
                Thread.sleep(50);
            }
            p.destroyForcibly();
        }
        String problem = "no memcached: SPINDLE_MEMCACHED_PORT is " + (env == null ? "unset" : "not answering")
                + " and /usr/bin/memcached could not be started";
        throw RequiredPeer.missing(problem, "apt-get install memcached");
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }
}
