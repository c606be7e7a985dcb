package dev.ovl.check;

import dev.ovl.interop.GoStorage;
import dev.ovl.store.Store;
import dev.ovl.store.StorePaths;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark, not a test: times {@code ovl check} (open under shared locks, read JSON, scan, check) on a Go-made
 * store of 500 layers (20 images of 25-layer chains, a container on each). Run by hand:
 * {@code java -cp core/target/classes:core/target/test-classes:core/target/lib/* dev.ovl.check.CheckMeasure}.
 */
final class CheckMeasure {
  public static void main(String[] args) throws Exception {
    int images = 20;
    int depth = 25;
    try (Scratch s = Scratch.create("check-measure-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      long b0 = System.nanoTime();
      for (int i = 0; i < images; i++) {
        String parent = null;
        for (int j = 0; j < depth; j++) {
          List<String> a = new ArrayList<>(List.of("create-layer"));
          if (parent != null) {
            a.add(parent);
          }
          parent = go.run(a).strip();
        }
        go.run(List.of("create-image", "-n", "img" + i + ":latest", parent));
        go.run(List.of("create-container", "-n", "ctr" + i, "img" + i + ":latest"));
      }
      long b1 = System.nanoTime();
      StorePaths paths = new StorePaths(go.root(), go.runRoot());
      int layers;
      try (Store st = Store.open(paths, false, Duration.ofSeconds(10))) {
        layers = st.layers().size();
      }
      int runs = 15;
      double[] ms = new double[runs];
      int findings = -1;
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        try (Store st = Store.open(paths, false, Duration.ofSeconds(10))) {
          findings = Checker.check(st, Cancel.NEVER).size();
        }
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
      double first = ms[0];
      Arrays.sort(ms);
      System.out.printf("store of %d layers (built by the Go peer in %.0f s): check first run %.1f ms, median of "
          + "%d %.1f ms, max %.1f ms; %d findings; %d l/ entries%n", layers, (b1 - b0) / 1e9, first, runs,
          ms[runs / 2], ms[runs - 1], findings, Files.list(go.home().resolve("l")).count());
    }
  }
}
