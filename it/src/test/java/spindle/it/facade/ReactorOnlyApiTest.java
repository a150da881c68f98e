package spindle.it.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import net.reactor.Reactor;
import net.reactor.testing.MemoryReactor;
import net.threadpool.BlockingTasks;
import net.threadpool.LoopExecutor;
import org.junit.jupiter.api.Test;

/**
 * What only a reactor does with the blocking façade (create its task registry, mark its thread,
 * shut the registry down) is in {@code net.threadpool.spi}, exported to {@code net.reactor} and to
 * no other module: an outside module such as this one can neither compile against it nor reach
 * it by reflection.
 */
class ReactorOnlyApiTest {
    private static final String SPI = "net.threadpool.spi";

    @Test
    void theReactorOnlyPackageIsExportedToNetReactorAndNotToUs() {
        Module threadpool = BlockingTasks.class.getModule();
        Module us = ReactorOnlyApiTest.class.getModule();
        assertThat(us.getName()).as("the tests run in the outside module").isEqualTo("spindle.it");
        assertThat(threadpool.isExported(SPI, Reactor.class.getModule())).isTrue();
        assertThat(threadpool.isExported(SPI, us)).isFalse();
        assertThat(threadpool.isExported(SPI)).isFalse();
        assertThat(threadpool.getDescriptor().exports()).filteredOn(e -> e.source().equals(SPI))
                .extracting(ModuleDescriptor.Exports::targets).containsExactly(Set.of("net.reactor"));
    }

    @Test
    void aUserCannotCreateATaskRegistryByReflection() throws Exception {
        Class<?> registry = Class.forName(SPI + ".TaskRegistry");
        assertThatThrownBy(() -> registry.getConstructor(String.class, LoopExecutor.class)
                .newInstance("mine", new MemoryReactor())).isInstanceOf(IllegalAccessException.class);
    }
}
