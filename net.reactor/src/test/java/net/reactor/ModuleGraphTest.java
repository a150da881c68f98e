package net.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The reactor needs the JDK and JCTools only: TLS is a protocol layer in net.protocols, so a
 * TCP-only application has no BouncyCastle module to resolve, let alone load.
 */
class ModuleGraphTest {

    @Test
    void netReactorRequiresNoBouncyCastle() {
        ModuleDescriptor descriptor = Reactor.class.getModule().getDescriptor();
        assertThat(descriptor).as("tests run in the named module").isNotNull();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .noneMatch(name -> name.startsWith("org.bouncycastle"))
                .doesNotContain("java.logging")
                .contains("org.jctools.core");
        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .noneMatch(pkg -> pkg.contains("tls"));
    }

    @Test
    void noBouncyCastleModuleIsEvenOnTheReactorsModulePath() {
        assertThat(ModuleLayer.boot().findModule("org.bouncycastle.tls")).isEmpty();
        assertThat(ModuleLayer.boot().findModule("org.bouncycastle.provider")).isEmpty();
    }
}
