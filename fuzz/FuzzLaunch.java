// Runs the @FuzzTest methods of ONE test class through the JUnit Platform, in this JVM, so that
// fuzz/run can fuzz each harness with a plain `java` launch instead of a Maven start per harness.
// Jazzer reads its limits from the jazzer.max_duration / jazzer.max_executions system properties
// (they override the @FuzzTest defaults) and fuzzes only when JAZZER_FUZZ=1 is in the environment.
// Usage (run as a single-file source program on the module's test class path):
//   java -cp CP fuzz/FuzzLaunch.java fully.qualified.FuzzTestClass
// Exit status: 0 when every test passed, 1 on a finding or any other failure.
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

public class FuzzLaunch {
    public static void main(String[] args) {
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[0])).build();
        Launcher launcher = LauncherFactory.create();
        var summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary s = summary.getSummary();
        for (var failure : s.getFailures()) {
            System.err.println("FUZZ-FAILURE " + failure.getTestIdentifier().getDisplayName() + ": " + failure.getException());
        }
        System.err.printf("FUZZ-SUMMARY tests=%d succeeded=%d failed=%d%n",
                s.getTestsFoundCount(), s.getTestsSucceededCount(), s.getTotalFailureCount());
        System.exit(s.getTotalFailureCount() == 0 && s.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
