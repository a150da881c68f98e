package bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/** Draws the ratio bar chart as a PNG with java.awt, headless. */
final class RatioChart {

    /**
     * One bar.
     *
     * @param label what is compared
     * @param advantage how many times better (more than 1: better than the peer)
     * @param target the goal, drawn as a tick, or null
     */
    record Bar(String label, double advantage, @Nullable Double target) {}

    private static final int WIDTH = 1400;
    private static final int LABEL_WIDTH = 720;
    static final int ROW = 24;
    static final int TOP = 60;
    static final int BOTTOM = 50;
    private static final Color BETTER = new Color(0x2e7d32);
    private static final Color WORSE = new Color(0xc62828);

    private RatioChart() {}

    /** Bars longer than this are drawn cut at the edge, their value still printed. */
    private static final double AXIS_LIMIT = 10.0;

    static void write(String title, String subtitle, List<Bar> allBars, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        // A ratio with a zero on one side is infinite or undefined: it has no bar to draw.
        List<Bar> bars = allBars.stream().filter(bar -> Double.isFinite(bar.advantage())).toList();
        int height = TOP + Math.max(1, bars.size()) * ROW + BOTTOM;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 20, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(subtitle + " (1.0 = equal; tick = target)", 20, 48);
            if (bars.isEmpty()) {
                g.drawString("no comparison has both sides measured", 20, TOP + 16);
                return;
            }
            double max = 2.0;
            for (Bar bar : bars) {
                max = Math.min(AXIS_LIMIT, Math.max(max, bar.advantage() * 1.1));
            }
            int plotLeft = LABEL_WIDTH + 20;
            int plotWidth = WIDTH - plotLeft - 80;
            double scale = plotWidth / max;
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < bars.size(); i++) {
                Bar bar = bars.get(i);
                int y = TOP + i * ROW;
                g.setColor(Color.BLACK);
                String label = bar.label();
                while (metrics.stringWidth(label) > LABEL_WIDTH && label.length() > 4) {
                    label = label.substring(0, label.length() - 2);
                }
                g.drawString(label, LABEL_WIDTH - metrics.stringWidth(label) + 10, y + 16);
                g.setColor(bar.advantage() >= 1.0 ? BETTER : WORSE);
                int length = (int) Math.round(Math.min(bar.advantage(), max) * scale);
                g.fillRect(plotLeft, y + 4, Math.max(1, length), ROW - 8);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.2f", bar.advantage()), plotLeft + length + 6, y + 16);
                if (bar.target() != null) {
                    int x = plotLeft + (int) Math.round(bar.target() * scale);
                    g.setStroke(new BasicStroke(3));
                    g.drawLine(x, y + 1, x, y + ROW - 1);
                }
            }
            int one = plotLeft + (int) Math.round(scale);
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
            g.drawLine(one, TOP - 4, one, TOP + bars.size() * ROW);
            g.setStroke(new BasicStroke(1));
            int axis = TOP + bars.size() * ROW + 6;
            g.drawLine(plotLeft, axis, plotLeft + plotWidth, axis);
            double step = max > 6 ? 1.0 : 0.5;
            for (double tick = 0; tick <= max; tick += step) {
                int x = plotLeft + (int) Math.round(tick * scale);
                g.drawLine(x, axis, x, axis + 4);
                g.drawString(String.format(Locale.ROOT, "%.1f", tick), x - 8, axis + 18);
            }
        } finally {
            g.dispose();
            ImageIO.write(image, "png", file.toFile());
        }
    }
}
