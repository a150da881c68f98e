package bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RatioChartTest {

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void extremeAndUndefinedRatiosStillGiveAChart() throws IOException {
        Path file = directory.resolve("ratios.png");
        RatioChart.write("title", "subtitle", List.of(
                new RatioChart.Bar("a zero on the peer's side", Double.POSITIVE_INFINITY, null),
                new RatioChart.Bar("nothing measured", Double.NaN, null),
                new RatioChart.Bar("huge", 1e9, 1.0),
                new RatioChart.Bar("half", 0.5, 0.92)), file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getHeight()).isEqualTo(RatioChart.TOP + 2 * RatioChart.ROW + RatioChart.BOTTOM); // two bars drawn
    }
}
