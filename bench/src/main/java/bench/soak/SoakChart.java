package bench.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Draws the soak's series as a PNG with java.awt, headless: one small panel per series, two
 * columns, the warm-up shaded, the fitted line of judged series drawn dashed (green when flat,
 * red when it rises).
 */
final class SoakChart {

    /**
     * One panel.
     *
     * @param title what the series is
     * @param seconds sample times
     * @param values samples (NaN: not measured)
     * @param warmupSeconds the end of the warm-up
     * @param verdict the trend rule's verdict, or null if the series is not judged
     */
    record Panel(String title, double[] seconds, double[] values, double warmupSeconds,
            TrendRule.@Nullable Verdict verdict) {}

    static final int PANEL_WIDTH = 620;
    static final int PANEL_HEIGHT = 180;
    static final int TOP = 56;
    private static final int COLUMNS = 2;
    private static final Color FLAT = new Color(0x2e7d32);
    private static final Color RISES = new Color(0xc62828);
    private static final Color LINE = new Color(0x1565c0);

    private SoakChart() {}

    static void write(Path file, String title, String subtitle, List<Panel> panels) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * PANEL_WIDTH + 20;
        int height = TOP + rows * PANEL_HEIGHT + 10;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 20, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(subtitle, 20, 46);
            for (int i = 0; i < panels.size(); i++) {
                drawPanel(g, panels.get(i), 10 + (i % COLUMNS) * PANEL_WIDTH, TOP + (i / COLUMNS) * PANEL_HEIGHT);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawPanel(Graphics2D g, Panel panel, int x0, int y0) {
        int left = x0 + 70;
        int right = x0 + PANEL_WIDTH - 20;
        int top = y0 + 26;
        int bottom = y0 + PANEL_HEIGHT - 30;
        TrendRule.Verdict verdict = panel.verdict();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.setColor(verdict == null ? Color.BLACK : verdict.rises() ? RISES : FLAT);
        g.drawString(panel.title() + (verdict == null ? " (recorded, not judged)" : verdict.rises() ? ": RISES" : ": flat"),
                x0 + 10, y0 + 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double tMax = 1;
        double vMin = Double.POSITIVE_INFINITY;
        double vMax = Double.NEGATIVE_INFINITY;
        int judged = 0;
        for (int i = 0; i < panel.values().length; i++) {
            tMax = Math.max(tMax, panel.seconds()[i]);
            if (!Double.isNaN(panel.values()[i]) && panel.seconds()[i] >= panel.warmupSeconds()) {
                vMin = Math.min(vMin, panel.values()[i]);
                vMax = Math.max(vMax, panel.values()[i]);
                judged++;
            }
        }
        // Scaled to the samples after the warm-up (what is judged); warm-up samples outside that
        // range are drawn at the frame's edge. With too few of them, scaled to all samples.
        if (judged < 2) {
            for (double v : panel.values()) {
                if (!Double.isNaN(v)) {
                    vMin = Math.min(vMin, v);
                    vMax = Math.max(vMax, v);
                }
            }
        }
        if (vMin > vMax) {
            g.setColor(Color.GRAY);
            g.drawString("no samples", left + 10, (top + bottom) / 2);
            return;
        }
        // From zero when the series is near it, so that a flat series looks flat, not noisy.
        vMin = vMin > 0 && vMin < 0.5 * vMax ? 0 : vMin;
        double span = Math.max(vMax - vMin, Math.max(Math.abs(vMax) * 0.05, 1e-9));
        double lo = vMin >= 0 ? Math.max(0, vMin - span * 0.1) : vMin - span * 0.1;
        double hi = vMax + span * 0.1;
        double tScale = (right - left) / tMax;
        double vScale = (bottom - top) / (hi - lo);
        g.setColor(new Color(0xeeeeee));
        g.fillRect(left, top, (int) Math.round(Math.min(panel.warmupSeconds(), tMax) * tScale), bottom - top);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        g.setColor(Color.BLACK);
        for (double v : new double[] {lo, (lo + hi) / 2, hi}) {
            int y = bottom - (int) Math.round((v - lo) * vScale);
            String label = String.format(Locale.ROOT, Math.abs(hi) >= 100 ? "%.0f" : Math.abs(hi) >= 1 ? "%.1f" : "%.3f", v);
            g.drawString(label, left - 6 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        for (int k = 0; k <= 4; k++) {
            double t = tMax * k / 4;
            int x = left + (int) Math.round(t * tScale);
            g.drawLine(x, bottom, x, bottom + 3);
            g.drawString(String.format(Locale.ROOT, "%.0f s", t), x - 10, bottom + 15);
        }
        g.setColor(LINE);
        g.setStroke(new BasicStroke(1.5f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < panel.values().length; i++) {
            double v = panel.values()[i];
            if (Double.isNaN(v)) {
                px = -1;
                continue;
            }
            int x = left + (int) Math.round(panel.seconds()[i] * tScale);
            int raw = bottom - (int) Math.round((v - lo) * vScale);
            int y = clamp(raw, top, bottom);
            if (y != raw) {
                // Outside the judged range (a warm-up sample): a hollow grey mark at the edge, no line.
                g.setColor(Color.GRAY);
                g.drawOval(x - 3, y - 3, 6, 6);
                g.setColor(LINE);
                px = -1;
                continue;
            }
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillOval(x - 2, y - 2, 4, 4);
            px = x;
            py = y;
        }
        if (verdict != null && !Double.isNaN(verdict.allowance())) {
            g.setColor(verdict.rises() ? RISES : FLAT);
            g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            double t1 = Math.max(panel.warmupSeconds(), 0);
            int xa = left + (int) Math.round(t1 * tScale);
            int xb = right;
            int ya = bottom - (int) Math.round((verdict.intercept() + verdict.slopePerSecond() * t1 - lo) * vScale);
            int yb = bottom - (int) Math.round((verdict.intercept() + verdict.slopePerSecond() * tMax - lo) * vScale);
            g.drawLine(xa, clamp(ya, top, bottom), xb, clamp(yb, top, bottom));
            g.setStroke(new BasicStroke(1));
        }
    }

    private static int clamp(int y, int top, int bottom) {
        return Math.max(top, Math.min(bottom, y));
    }
}
