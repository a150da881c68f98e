package net.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertThat(LogText.escape("a\rb\nc\td\u001b[31me\u0000f\u007f\u0085\u2028g"))
                .isEqualTo("a\\rb\\nc\\td\\u001b[31me\\u0000f\\u007f\\u0085\\u2028g");
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String text = "héllo wörld \\ 𝄞";
        assertThat(LogText.escape(text)).isSameAs(text);
    }
}
