package net.reactor.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointDescriptionTest {

    @Test
    void splitsTypePositionalAndKeywordFields() {
        EndpointDescription d = EndpointDescription.parse("tcp:8080:interface=127.0.0.1:backlog=50");
        assertThat(d.type()).isEqualTo("tcp");
        assertThat(d.positional()).containsExactly("8080");
        assertThat(d.keywords()).containsExactly(Map.entry("interface", "127.0.0.1"), Map.entry("backlog", "50"));
        assertThat(d.description()).isEqualTo("tcp:8080:interface=127.0.0.1:backlog=50");
    }

    @Test
    void backslashEscapesTheNextCharacter() {
        EndpointDescription d = EndpointDescription.parse("tcp6:8080:interface=\\:\\:1");
        assertThat(d.keywords()).containsEntry("interface", "::1");
        assertThat(EndpointDescription.parse("unix:C\\:/path\\\\to").positional()).containsExactly("C:/path\\to");
        assertThat(EndpointDescription.parse("x:a\\=b").positional()).containsExactly("a=b");
    }

    @Test
    void onlyTheFirstEqualsSignSeparatesAKeyword() {
        assertThat(EndpointDescription.parse("x:a=b=c").keywords()).containsExactly(Map.entry("a", "b=c"));
    }

    @Test
    void emptyFieldsAreKept() {
        EndpointDescription d = EndpointDescription.parse("tcp::interface=");
        assertThat(d.positional()).containsExactly("");
        assertThat(d.keywords()).containsEntry("interface", "");
        assertThat(EndpointDescription.parse("tcp").positional()).isEmpty();
    }

    @Test
    void malformedDescriptionsNameTheProblem() {
        assertThatThrownBy(() -> EndpointDescription.parse(""))
                .isInstanceOf(EndpointDescriptionException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> EndpointDescription.parse("tcp:80\\"))
                .isInstanceOf(EndpointDescriptionException.class)
                .hasMessageContaining("lone backslash");
        assertThatThrownBy(() -> EndpointDescription.parse("port=80:tcp"))
                .hasMessageContaining("must start with the endpoint type")
                .hasMessageContaining("port=");
        assertThatThrownBy(() -> EndpointDescription.parse("tcp:port=1:port=2"))
                .hasMessageContaining("'port' is given twice");
        EndpointDescriptionException e = (EndpointDescriptionException) org.assertj.core.api.Assertions.catchThrowable(
                () -> EndpointDescription.parse("tcp:80\\"));
        assertThat(e.description()).isEqualTo("tcp:80\\");
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindFillsParametersByPositionThenByName() {
        EndpointDescription d = EndpointDescription.parse("tcp:8080:backlog=5");
        assertThat(d.bind(List.of("port", "interface", "backlog"), Set.of("port")))
                .containsExactly(Map.entry("port", "8080"), Map.entry("backlog", "5"));
        assertThat(EndpointDescription.parse("tcp:port=9").bind(List.of("port", "interface"), Set.of("port")))
                .containsExactly(Map.entry("port", "9"));
    }

    @Test
    void bindRejectsWhatAPythonCallWould() {
        List<String> params = List.of("port", "interface");
        assertThatThrownBy(() -> EndpointDescription.parse("tcp:1:2:3").bind(params, Set.of()))
                .hasMessageContaining("too many positional fields [1, 2, 3]");
        assertThatThrownBy(() -> EndpointDescription.parse("tcp:1:backlgo=3").bind(params, Set.of()))
                .hasMessageContaining("unknown parameter 'backlgo'")
                .hasMessageContaining("[port, interface]");
        assertThatThrownBy(() -> EndpointDescription.parse("tcp:1:port=2").bind(params, Set.of()))
                .hasMessageContaining("'port' is given both by position and by name");
        assertThatThrownBy(() -> EndpointDescription.parse("tcp:interface=x").bind(params, Set.of("port")))
                .hasMessageContaining("missing required parameter 'port'");
    }

    @Test
    void intParameterChecksFormAndRange() {
        EndpointDescription d = EndpointDescription.parse("tcp:x");
        assertThat(d.intParameter("port", null, 7, 0, 10)).isEqualTo(7);
        assertThat(d.intParameter("port", "10", 7, 0, 10)).isEqualTo(10);
        assertThatThrownBy(() -> d.intParameter("port", "http", 0, 0, 10))
                .hasMessageContaining("port 'http' is not an integer")
                .hasMessageContaining("\"tcp:x\"");
        assertThatThrownBy(() -> d.intParameter("port", "11", 0, 0, 10)).hasMessageContaining("out of range 0..10");
    }

    @Test
    void clientHostAndPortReadsPositionalNamedAndMixedForms() {
        List<String> parameters = List.of("host", "port", "timeout");
        EndpointDescription.HostAndPort expected = new EndpointDescription.HostAndPort("example.org", 80);
        assertThat(EndpointDescription.parse("x:example.org:80").clientHostAndPort(parameters)).isEqualTo(expected);
        assertThat(EndpointDescription.parse("x:host=example.org:port=80").clientHostAndPort(parameters))
                .isEqualTo(expected);
        assertThat(EndpointDescription.parse("x:host=example.org:80").clientHostAndPort(parameters))
                .isEqualTo(expected);
        assertThatThrownBy(() -> EndpointDescription.parse("x:example.org:80:port=81").clientHostAndPort(parameters))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("both by position and by name");
        assertThatThrownBy(() -> EndpointDescription.parse("x:example.org:80:colour=red").clientHostAndPort(parameters))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("unknown parameter 'colour'");
        assertThatThrownBy(() -> EndpointDescription.parse("x:host=example.org").clientHostAndPort(parameters))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("missing required parameter 'port'");
        assertThatThrownBy(() -> EndpointDescription.parse("x:example.org:99999").clientHostAndPort(parameters))
                .isInstanceOf(EndpointDescriptionException.class).hasMessageContaining("out of range");
    }
}
