package dev.ovl.gui;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Entry point of the inspector; not an {@code Application}, so it runs from a plain class path and the CLI
 * ({@code ovl gui}) can call {@link #run} reflectively.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    int code;
    try {
      quietConsole();
      code = run(args);
    } catch (Throwable e) { // a missing class or library: say so in one line instead of a trace
      System.err.println(startFailure(e));
      code = 1;
    }
    System.exit(code);
  }

  /** The one line printed when the inspector cannot start. */
  static String startFailure(Throwable e) {
    String what = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage().strip();
    return ("ovl gui: cannot start: " + e.getClass().getSimpleName() + what).lines().findFirst().orElse("");
  }

  /** Builds and shows the window; the seam lets a test fail the start-up. */
  @FunctionalInterface
  interface Starter {
    InspectorApp start(Stage stage, Args args, java.util.function.IntConsumer exit);
  }

  /**
   * Started directly (the packaged ovl-inspector), logback has only its default console appender at DEBUG: keep
   * INFO for the log pane and let only warnings through to the console. {@code ovl gui} has the CLI's setup.
   */
  static void quietConsole() {
    if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
      return;
    }
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.INFO);
    root.iteratorForAppenders().forEachRemaining(a -> {
      ch.qos.logback.classic.filter.ThresholdFilter warn = new ch.qos.logback.classic.filter.ThresholdFilter();
      warn.setLevel("WARN");
      warn.start();
      a.addFilter(warn);
    });
  }

  /** Opens the inspector and returns its exit code when the window closes (or the screenshot is written). */
  public static int run(String[] argv) {
    return run(argv, InspectorApp::start);
  }

  static int run(String[] argv, Starter starter) {
    if (List.of(argv).contains("-h") || List.of(argv).contains("--help")) {
      System.out.println(Args.USAGE);
      return 0;
    }
    Args args;
    try {
      args = Args.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("ovl gui: " + e.getMessage());
      System.err.println(Args.USAGE);
      return 2;
    }
    if (args.screenshot() != null && System.getenv("DISPLAY") == null && System.getProperty("glass.platform") == null) {
      headless(args.width(), args.height());
    }
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    InspectorApp[] app = new InspectorApp[1];
    Runnable start = () -> {
      Thread fx = Thread.currentThread();
      Thread.UncaughtExceptionHandler before = fx.getUncaughtExceptionHandler();
      fx.setUncaughtExceptionHandler((t, e) -> {
        if (e instanceof Error && !exit.isDone()) { // an Error on the FX thread leaves a window that never works
          exit.completeExceptionally(e);
        } else {
          before.uncaughtException(t, e);
        }
      });
      try {
        app[0] = starter.start(new Stage(), args, code -> exit.complete(code));
      } catch (Throwable e) {
        exit.completeExceptionally(e);
      }
    };
    boolean started;
    try {
      dev.ovl.gui.layout.MainWindow.preload();
      started = startToolkit(() -> {
        dev.ovl.gui.layout.MainWindow.loadStyles();
        Platform.runLater(start);
      });
    } catch (Throwable e) { // no display, no native library: JavaFX itself cannot start
      System.err.println(startFailure(e));
      return 1;
    }
    int code;
    try {
      code = exit.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      System.err.println(cause instanceof Error ? startFailure(cause) : "ovl gui: " + cause.getMessage());
      code = 1;
    }
    if (app[0] != null) {
      closeWindow(app[0]);
      app[0].close();
    }
    if (started) {
      Platform.exit();
    }
    return code;
  }

  /** Closes the window (a screenshot leaves it open) so nothing reads the store after it is gone. */
  private static void closeWindow(InspectorApp app) {
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    Platform.runLater(() -> {
      app.window().stage().setOnHidden(null);
      app.window().stage().close();
      closed.countDown();
    });
    try {
      closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts JavaFX and runs {@code first} on it; false if the toolkit was already running (as in tests). */
  private static boolean startToolkit(Runnable first) {
    try {
      Platform.setImplicitExit(false);
      Platform.startup(first);
      return true;
    } catch (IllegalStateException alreadyRunning) {
      Platform.runLater(first);
      return false;
    }
  }

  /**
   * Renders without a display: Monocle's headless platform with the software pipeline, on a screen with room around
   * the window (Monocle's framebuffer throws BufferOverflowException for pixels drawn off its screen).
   */
  private static void headless(int width, int height) {
    System.setProperty("headless.geometry", Math.max(1920, width + 200) + "x" + Math.max(1200, height + 200) + "-32");
    System.setProperty("glass.platform", "Monocle");
    System.setProperty("monocle.platform", "Headless");
    System.setProperty("prism.order", "sw");
    System.setProperty("prism.text", "t2k");
    System.setProperty("java.awt.headless", "true");
  }
}
