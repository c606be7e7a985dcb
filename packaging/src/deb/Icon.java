import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Draws the ovl icon, three stacked layers (lower, lower, upper) seen from above: {@code java Icon.java OUT.png [SIZE]}. */
public final class Icon {
  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.scale(size / 256.0, size / 256.0);
    Color[] fills = {new Color(0x3b5b7a), new Color(0x4f86b8), new Color(0xf2a541)};
    for (int i = 0; i < fills.length; i++) {
      int y = 170 - i * 48;
      Polygon layer = new Polygon(new int[] {128, 236, 128, 20}, new int[] {y - 52, y, y + 52, y}, 4);
      g.setColor(fills[i]);
      g.fillPolygon(layer);
      g.setColor(new Color(0x1d2b38));
      g.setStroke(new BasicStroke(6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.drawPolygon(layer);
    }
    g.dispose();
    if (!ImageIO.write(img, "png", new File(args[0]))) {
      throw new IOException("no PNG writer");
    }
  }
}
