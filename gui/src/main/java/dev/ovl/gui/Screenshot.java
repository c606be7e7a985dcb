package dev.ovl.gui;

import dev.ovl.gui.layout.MainWindow;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --screenshot FILE}: waits until no job runs, the window is built and no page unfolds, renders the window to a PNG, and exits. */
final class Screenshot {
  private static final Logger log = LoggerFactory.getLogger(Screenshot.class);
  private static final int QUIET_TICKS = 4;
  private static final int MAX_TICKS = 600;

  private Screenshot() {}

  static void whenIdle(MainWindow w, Path file, IntConsumer exit) {
    int[] quiet = {0};
    int[] ticks = {0};
    Timeline t = new Timeline();
    t.getKeyFrames().add(new KeyFrame(Duration.millis(100), e -> {
      ticks[0]++;
      quiet[0] = w.model().tasks().idle() && !w.unfolding() && !w.building() ? quiet[0] + 1 : 0;
      if (quiet[0] >= QUIET_TICKS) {
        t.stop();
        take(w, file, exit);
      } else if (ticks[0] >= MAX_TICKS) {
        t.stop();
        log.error("screenshot: the window did not settle within {} s", MAX_TICKS / 10);
        exit.accept(1);
      }
    }));
    t.setCycleCount(Timeline.INDEFINITE);
    t.play();
  }

  private static void take(MainWindow w, Path file, IntConsumer exit) {
    WritableImage img = w.scene().snapshot(null);
    BufferedImage buf = SwingFXUtils.fromFXImage(img, null);
    Thread writer = new Thread(() -> {
      try {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
          java.nio.file.Files.createDirectories(abs.getParent());
        }
        if (!ImageIO.write(buf, "png", abs.toFile())) {
          throw new IOException("no PNG writer");
        }
        System.out.println("wrote " + abs + " (" + buf.getWidth() + "x" + buf.getHeight() + ")");
        exit.accept(0);
      } catch (IOException e) {
        System.err.println("ovl gui: cannot write " + file + ": " + e.getMessage());
        exit.accept(1);
      }
    }, "ovl-screenshot");
    writer.start();
  }
}
