package spindle.it.samples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The samples a test started, each stopped after the test whatever its outcome, so no JVM
 * outlives the test that started it. Register it as a field:
 * {@code @RegisterExtension final SampleProcesses samples = new SampleProcesses();}
 */
final class SampleProcesses implements AfterEachCallback {
    private final List<SampleProcess> started = new ArrayList<>();

    /**
     * Starts a sample as {@link SampleProcess#start} does and remembers it.
     *
     * @param dir the sample's working directory
     * @param args the sample's name and options
     * @return the running sample
     * @throws Exception if it cannot be started
     */
    SampleProcess start(Path dir, String... args) throws Exception {
        SampleProcess p = SampleProcess.start(dir, args);
        started.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (SampleProcess p : started) {
            p.close();
        }
        started.clear();
    }
}
