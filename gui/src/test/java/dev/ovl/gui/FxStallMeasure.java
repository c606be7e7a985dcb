package dev.ovl.gui;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.gui.layout.MainWindow;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Measures, on a 1,000-layer store, how long the inspector takes to be usable and the longest stall of the FX
 * thread while it opens the store and the user walks through it. A probe thread posts a runnable every 2 ms and
 * records how late it runs. Not run by default (the name does not end in Test); run with
 * {@code mvn -pl core,gui test -Dtest=FxStallMeasure -Dsurefire.failIfNoSpecifiedTests=false}, with
 * {@code -Dsurefire.argLine="-Xss2m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"} to measure under the JVM options
 * {@code ./ovl gui} starts with; {@code bench/gui-stall.sh} runs {@link #main} in that JVM with the inspector's
 * class-data archive (surefire's class path cannot use one). Prints figures; asserts none.
 */
class FxStallMeasure {
  public static void main(String[] args) throws Exception {
    new FxStallMeasure().thousandLayers();
    System.exit(0);
  }

  @Test
  void thousandLayers() throws Exception {
    final int LAYERS = Integer.getInteger("layers", 1000);
    Root.require();
    MainWindow.preload(); // as Launcher.run does before it starts the toolkit
    FxToolkit.registerPrimaryStage();
    try (Scratch s = Scratch.create("stall")) {
      Path root = s.resolve("root");
      Files.createDirectories(root);
      OverlayDriver d = OverlayDriver.init(root.resolve("overlay"), s.resolve("run/overlay"), List.of(),
          IdMappings.IDENTITY);
      CreateOpts opts = new CreateOpts(IdMappings.IDENTITY, Map.of());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < LAYERS; i++) {
        String id = String.format(Locale.ROOT, "%064x", i + 1);
        String parent = i % 10 == 0 ? null : ids.get(i - 1);
        d.create(id, parent, opts);
        for (int f = 0; f < 5; f++) {
          Files.writeString(Files.createDirectories(d.diffPath(id).resolve("etc/l" + i)).resolve("f" + f), "x" + f);
        }
        ids.add(id);
      }
      Probe probe = new Probe();
      probe.start();
      StallSampler sampler = new StallSampler(probe);
      sampler.start();
      long w0 = System.nanoTime();
      // The default stylesheet, then the window built, then shown, each in a runnable of its own, as Launcher and
      // InspectorApp.start do.
      WaitForAsyncUtils.asyncFx(MainWindow::loadStyles).get(60, TimeUnit.SECONDS);
      MainWindow w = WaitForAsyncUtils.asyncFx(() -> new MainWindow(new Stage(), 1280, 800)).get(60, TimeUnit.SECONDS);
      WaitForAsyncUtils.asyncFx(() -> w.stage().show()).get(60, TimeUnit.SECONDS);
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> !w.building()).get());
      WaitForAsyncUtils.waitForFxEvents();
      double windowMs = (System.nanoTime() - w0) / 1e6;
      long windowStall = probe.maxAndReset();
      String windowCulprit = sampler.worstAndReset();
      long t0 = System.nanoTime();
      AtomicLong usable = new AtomicLong();
      WaitForAsyncUtils.asyncFx(() -> w.open(new StoreSpec(root, s.resolve("run"), List.of(), false), false,
          x -> usable.set(System.nanoTime()))).get(10, TimeUnit.SECONDS);
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> usable.get() != 0);
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
          () -> WaitForAsyncUtils.asyncFx(() -> !w.preparing() && !w.unfolding()).get());
      WaitForAsyncUtils.waitForFxEvents();
      double openMs = (usable.get() - t0) / 1e6;
      long openStall = probe.maxAndReset();
      String openCulprit = sampler.worstAndReset();
      for (String view : List.of("chain", "diff", "links", "mounts", "health", "layers")) {
        String id = ids.get((ids.size() / 2 + view.length()) % ids.size());
        WaitForAsyncUtils.asyncFx(() -> {
          w.show(view);
          w.model().selectedLayerProperty().set(id);
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.model().tasks().idle());
      }
      WaitForAsyncUtils.asyncFx(() -> w.model().refresh()).get(10, TimeUnit.SECONDS);
      WaitForAsyncUtils.waitForFxEvents();
      WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w.model().tasks().idle());
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> !w.unfolding()).get());
      WaitForAsyncUtils.waitForFxEvents();
      long walkStall = probe.maxAndReset();
      String walkCulprit = sampler.worstAndReset();
      probe.interrupt();
      sampler.interrupt();
      System.out.printf(Locale.ROOT, "FxStallMeasure: empty window shown after %.0f ms (longest FX stall %d ms)%n",
          windowMs, windowStall);
      System.out.printf(Locale.ROOT, "FxStallMeasure: %d layers: usable after %.0f ms; longest FX stall while "
          + "opening (hidden pages prepared) %d ms, while switching views, selecting and refreshing %d ms "
          + "(%d probes)%n", LAYERS, openMs, openStall, walkStall, probe.count.get());
      System.out.printf(Locale.ROOT, "FxStallMeasure: longest FX-thread work: window %s; opening %s; walking %s%n",
          windowCulprit, openCulprit, walkCulprit);
      WaitForAsyncUtils.asyncFx(() -> w.stage().close()).get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Names the FX-thread work behind the longest stall: while a probe is more than 20 ms late, samples the FX
   * thread's stack every 5 ms and names the stall by its outermost ovl frame (the runnable or listener that
   * started the work) and its most frequent innermost frame; JavaFX's own pulse (CSS, layout, render) when no ovl
   * frame is on the stack.
   */
  private static final class StallSampler extends Thread {
    private final Probe probe;
    private String worst = "none";
    private long worstMs;

    StallSampler(Probe probe) {
      this.probe = probe;
      setDaemon(true);
    }

    @Override
    public void run() {
      Thread fx = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("JavaFX Application Thread")).findFirst().orElse(null);
      Map<String, Integer> names = new java.util.HashMap<>();
      Map<String, Integer> tops = new java.util.HashMap<>();
      Map<String, Integer> frames = new java.util.HashMap<>();
      long started = 0;
      while (!isInterrupted() && fx != null) {
        long late = probe.lateMs();
        if (late > 20) {
          StackTraceElement[] st = fx.getStackTrace();
          names.merge(outermostOvl(st), 1, Integer::sum);
          java.util.Set<String> seen = new java.util.HashSet<>();
          for (StackTraceElement e : st) {
            if (seen.add(e.getClassName() + "." + e.getMethodName())) {
              frames.merge(e.getClassName() + "." + e.getMethodName(), 1, Integer::sum);
            }
          }
          tops.merge(st.length == 0 ? "?" : st[0].getClassName() + "." + st[0].getMethodName(), 1, Integer::sum);
          started = Math.max(started, late);
        } else if (started > 0) {
          record(started, names, tops, frames);
          frames.clear();
          names.clear();
          tops.clear();
          started = 0;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private synchronized void record(long ms, Map<String, Integer> names, Map<String, Integer> tops,
        Map<String, Integer> frames) {
      if (Boolean.getBoolean("stall.frames") && ms > 60) {
        System.out.println("stall " + ms + " ms, frames by samples:");
        frames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(60)
            .forEach(e -> System.out.println("  " + e.getValue() + " " + e.getKey()));
      }
      if (ms > worstMs) {
        worstMs = ms;
        worst = ms + " ms in " + most(names) + " (hot: " + most(tops) + ")";
      }
    }

    private static String most(Map<String, Integer> counts) {
      return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
    }

    private static String outermostOvl(StackTraceElement[] st) {
      for (int i = st.length - 1; i >= 0; i--) {
        String c = st[i].getClassName();
        if (c.startsWith("dev.ovl.") && !c.startsWith("dev.ovl.gui.FxStallMeasure")) {
          return c.substring(c.lastIndexOf('.') + 1) + "." + st[i].getMethodName();
        }
      }
      for (StackTraceElement e : st) {
        if (e.getMethodName().equals("pulse") || e.getClassName().endsWith("QuantumToolkit")) {
          return "JavaFX pulse (CSS, layout, render)";
        }
      }
      return "JavaFX internals";
    }

    synchronized String worstAndReset() {
      String w = worst;
      worst = "none";
      worstMs = 0;
      return w;
    }
  }

  /** Posts a runnable every 2 ms and keeps the worst delay until it ran. */
  private static final class Probe extends Thread {
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong pendingSince = new AtomicLong();
    final AtomicLong count = new AtomicLong();

    Probe() {
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        long posted = System.nanoTime();
        pendingSince.set(posted);
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        Platform.runLater(() -> {
          pendingSince.set(0);
          max.accumulateAndGet((System.nanoTime() - posted) / 1_000_000, Math::max);
          count.incrementAndGet();
          ran.countDown();
        });
        try {
          ran.await();
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** How long the probe now waiting has waited, 0 if none waits. */
    long lateMs() {
      long p = pendingSince.get();
      return p == 0 ? 0 : (System.nanoTime() - p) / 1_000_000;
    }

    long maxAndReset() {
      return max.getAndSet(0);
    }
  }
}
