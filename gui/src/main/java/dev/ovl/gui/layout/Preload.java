package dev.ovl.gui.layout;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import javafx.scene.control.TableView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads JavaFX's control classes (skins, behaviours, cells) on a background thread at start, so the FX thread does
 * not spend its pulses defining them the first time a page shows a table, a tree or a text area.
 */
final class Preload {
  private static final Logger log = LoggerFactory.getLogger(Preload.class);
  private static boolean started;

  private Preload() {}

  /** Starts loading once per JVM; returns at once. */
  static synchronized void controls() {
    if (started) {
      return;
    }
    started = true;
    Thread t = new Thread(Preload::load, "ovl-preload");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void load() {
    ClassLoader loader = TableView.class.getClassLoader();
    int n = 0;
    try (JarFile jar = new JarFile(
        Path.of(TableView.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
      for (var e : (Iterable<java.util.jar.JarEntry>) jar.stream()::iterator) {
        String name = e.getName();
        if (name.endsWith(".class") && !name.contains("-") && (name.startsWith("javafx/scene/control/")
            || name.startsWith("com/sun/javafx/scene/control/"))) {
          try {
            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
            n++;
          } catch (ClassNotFoundException | LinkageError ignored) {
            // a class this JVM cannot load is simply left to load on first use
          }
        }
      }
      log.debug("preloaded {} JavaFX control classes", n);
    } catch (IOException | URISyntaxException | RuntimeException e) {
      log.debug("cannot preload JavaFX control classes: {}", e.toString());
    }
  }
}
