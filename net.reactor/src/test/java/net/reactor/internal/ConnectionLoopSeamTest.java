package net.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The TCP classes reach the loop only through {@link ConnectionLoop}: no field, constructor or
 * method of theirs names the concrete {@link SelectReactor}, so another loop (or a UNIX socket's
 * classes next to them) can use the same seam.
 */
class ConnectionLoopSeamTest {

    @Test
    void theTcpClassesKnowTheLoopOnlyAsAConnectionLoop() {
        List<String> concrete = new ArrayList<>();
        for (Class<?> c : List.of(StreamConnection.class, TcpConnection.class, UnixConnection.class, TcpPort.class, TcpConnector.class, ProtocolEnd.class, UnixSocketFile.class)) {
            for (Class<?> k : Stream.concat(Stream.of(c), Stream.of(c.getDeclaredClasses())).toList()) {
                for (Field f : k.getDeclaredFields()) {
                    if (f.getType() == SelectReactor.class) {
                        concrete.add(k.getSimpleName() + "." + f.getName());
                    }
                }
                for (Executable e : Stream.concat(Stream.of(k.getDeclaredConstructors()),
                        Stream.of(k.getDeclaredMethods())).toList()) {
                    for (Class<?> p : e.getParameterTypes()) {
                        if (p == SelectReactor.class) {
                            concrete.add(k.getSimpleName() + "." + e.getName() + "(...)");
                        }
                    }
                }
            }
        }
        assertThat(concrete).isEmpty();
        assertThat(ConnectionLoop.class).isAssignableFrom(SelectReactor.class);
    }
}
