package bench.load;

import java.io.IOException;

/** Connection rate: connect, one echo, close, with {@link Options#connections()} attempts in flight. */
final class ConnectionRate {

    private ConnectionRate() {}

    static Result run(Options options) throws IOException {
        ConnectEcho engine = new ConnectEcho(options.server(), null, options.messageSize(), false);
        Window window = new Window(options, engine::resetCounts, engine::completed);
        window.start();
        engine.run(options.connections(), Long.MAX_VALUE, window::closed);
        Result result = new Result(options);
        window.report(result, engine.completed());
        result.put("failed", engine.failed());
        if (engine.firstFailure() != null) {
            result.note("first_failure", engine.firstFailure());
        }
        result.put("p50_us", engine.latency().percentile(0.50) / 1e3);
        result.put("p99_us", engine.latency().percentile(0.99) / 1e3);
        return result;
    }
}
