package bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's plot: one panel per series, a risen series drawn in red. */
class SoakChartTest {

    @Test
    void drawsOnePanelPerSeriesAndMarksARiseInRed(@TempDir Path dir) throws Exception {
        double[] t = new double[30];
        double[] flat = new double[30];
        double[] leak = new double[30];
        for (int i = 0; i < 30; i++) {
            t[i] = 2.0 * i;
            flat[i] = 100;
            leak[i] = 100 + 5 * i;
        }
        TrendRule rule = new TrendRule(0.10, 1);
        List<SoakChart.Panel> panels = List.of(
                new SoakChart.Panel("flat", t, flat, 20, rule.judge(t, flat, 20)),
                new SoakChart.Panel("leak", t, leak, 20, rule.judge(t, leak, 20)),
                new SoakChart.Panel("recorded", t, flat, 20, null));
        Path file = dir.resolve("soak.png");
        SoakChart.write(file, "title", "subtitle", panels);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * SoakChart.PANEL_WIDTH + 20);
        assertThat(image.getHeight()).isEqualTo(SoakChart.TOP + 2 * SoakChart.PANEL_HEIGHT + 10);
        assertThat(countRed(image, 10 + SoakChart.PANEL_WIDTH, 10 + 2 * SoakChart.PANEL_WIDTH)).isPositive();
        assertThat(countRed(image, 10, 10 + SoakChart.PANEL_WIDTH)).isZero();
    }

    /** Reddish pixels (the "rises" colour, 0xc62828, antialiased) in a column range. */
    private static int countRed(BufferedImage image, int fromX, int toX) {
        int n = 0;
        for (int x = fromX; x < Math.min(toX, image.getWidth()); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) > 150 && ((rgb >> 8) & 0xff) < 110 && (rgb & 0xff) < 110) {
                    n++;
                }
            }
        }
        return n;
    }
}
