package net.protocols.basic;

import static net.protocols.basic.Text.b;
import static net.protocols.basic.Text.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.reactor.testing.StringTransport;
import org.junit.jupiter.api.Test;

class StringStateMachineTest {

    /** A tiny login dialogue: user, then password, then done. */
    static final class Login extends NetstringReceiver {
        final List<String> log = new ArrayList<>();
        final StringStateMachine states = new StringStateMachine(this, this::user);

        @Override
        protected void stringReceived(byte[] string) {
            states.stringReceived(string);
        }

        private StringState user(byte[] name) {
            log.add("user " + s(name));
            return s(name).isEmpty() ? this::user : this::password;
        }

        private StringState password(byte[] password) {
            log.add("password " + s(password));
            sendString(b("welcome"));
            return StringState.DONE;
        }
    }

    @Test
    void eachStateNamesTheNextAndDoneClosesTheConnection() {
        Login login = new Login();
        StringTransport t = new StringTransport();
        t.connect(login);
        login.dataReceived(b("0:,5:alice,"));
        assertThat(login.log).containsExactly("user ", "user alice");
        assertThat(t.isDisconnecting()).isFalse();
        login.dataReceived(b("6:secret,"));
        assertThat(login.log).containsExactly("user ", "user alice", "password secret");
        assertThat(s(t.value())).isEqualTo("7:welcome,");
        assertThat(login.states.isDone()).isTrue();
        assertThat(t.isDisconnecting()).isTrue();
    }

    @Test
    void stringsAfterDoneAreIgnored() {
        Login login = new Login();
        StringTransport t = new StringTransport();
        t.connect(login);
        login.states.setState(StringState.DONE);
        assertThat(t.isDisconnecting()).isTrue();
        login.states.stringReceived(b("late"));
        assertThat(login.log).isEmpty();
    }

    @Test
    void aStateReturningNullIsAnError() {
        Login login = new Login();
        new StringTransport().connect(login);
        StringStateMachine machine = new StringStateMachine(login, string -> null);
        assertThatThrownBy(() -> machine.stringReceived(b("x")))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("StringState.DONE");
    }

    @Test
    void anExceptionFromAStateLeavesTheStateUnchanged() {
        Login login = new Login();
        new StringTransport().connect(login);
        StringState failing = string -> {
            throw new IllegalArgumentException("bad");
        };
        StringStateMachine machine = new StringStateMachine(login, failing);
        assertThatThrownBy(() -> machine.stringReceived(b("x"))).hasMessage("bad");
        assertThat(machine.state()).isSameAs(failing);
    }
}
