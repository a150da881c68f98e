package bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The content check every server passes before it is timed: messages from 1 byte to 4 MiB of
 * random bytes on one connection, then 16 connections at once each streaming its own random
 * bytes. Every byte must come back, in order, on the connection that sent it. TLS servers take
 * the same check over TLS.
 */
final class EchoCheck {

    private static final int[] SIZES = {1, 64, 1500, 65_537, 4 << 20};
    private static final int CONCURRENT = 16;
    private static final int CONCURRENT_BYTES = 512 * 1024;

    private EchoCheck() {}

    static Result run(Options options) throws Exception {
        return run(options, null);
    }

    /** The same check over TLS 1.3, with the load generator's TLS client settings. */
    static Result runTls(Options options) throws Exception {
        return run(options, TlsContext.of(options));
    }

    private static Result run(Options options, @Nullable TlsContext tls) throws Exception {
        long verified = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            try (Socket socket = connect(options, tls)) {
                for (int size : SIZES) {
                    verified += roundTrip(threads, socket, random(size, size));
                }
            }
            List<Future<Long>> streams = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                byte[] data = random(CONCURRENT_BYTES, 1000 + i);
                streams.add(threads.submit(() -> {
                    try (Socket socket = connect(options, tls)) {
                        return roundTrip(threads, socket, data);
                    }
                }));
            }
            for (Future<Long> stream : streams) {
                verified += stream.get(60, TimeUnit.SECONDS);
            }
        }
        Result result = new Result(options);
        result.put("ops", verified);
        return result;
    }

    /** Writes {@code data} from another thread while this one reads the echo and compares it. */
    private static long roundTrip(ExecutorService threads, Socket socket, byte[] data)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        OutputStream out = socket.getOutputStream();
        Future<?> writer = threads.submit(() -> {
            out.write(data);
            out.flush();
            return null;
        });
        InputStream in = socket.getInputStream();
        byte[] echoed = in.readNBytes(data.length);
        writer.get(60, TimeUnit.SECONDS);
        if (echoed.length != data.length) {
            throw new LoadException("echo check: sent " + data.length + " bytes, the server closed after "
                    + echoed.length);
        }
        int mismatch = Arrays.mismatch(data, echoed);
        if (mismatch >= 0) {
            throw new LoadException("echo check: " + data.length + "-byte message differs at byte " + mismatch);
        }
        return data.length;
    }

    private static Socket connect(Options options, @Nullable TlsContext tls) throws IOException {
        Socket socket;
        if (tls == null) {
            socket = new Socket(options.server().getAddress(), options.server().getPort());
        } else {
            SSLSocket tlsSocket = (SSLSocket) tls.context().getSocketFactory()
                    .createSocket(options.server().getAddress(), options.server().getPort());
            SSLEngine settings = tls.engine();
            tlsSocket.setEnabledProtocols(settings.getEnabledProtocols());
            tlsSocket.setEnabledCipherSuites(settings.getEnabledCipherSuites());
            socket = tlsSocket;
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }
}
