package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 8 threads × 500 Get/Put on one shared layer and on a layer each. */
class DriverConcurrencyTest {
  static final int THREADS = 8;
  static final int ROUNDS = 500;

  @Test
  void getPutFromManyThreadsLeavesNoMountAndExactCounts() throws Exception {
    Root.require();
    try (DriverFixture f = DriverFixture.create("conc")) {
      OverlayDriver d = f.driver;
      d.create("base", null, CreateOpts.DEFAULT);
      d.create("shared", "base", CreateOpts.DEFAULT);
      for (int t = 0; t < THREADS; t++) {
        d.create("own-" + t, "base", CreateOpts.DEFAULT);
      }
      Path sharedMerged = f.home().resolve("shared/merged");
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            Random r = new Random(1000 + thread);
            for (int i = 0; i < ROUNDS; i++) {
              String id = r.nextBoolean() ? "shared" : "own-" + thread;
              Path m = d.get(id, MountOpts.DEFAULT);
              assertThat(MountInfo.isMountPoint(m)).isTrue();
              assertThat(d.mountCount(id)).isPositive();
              d.put(id);
            }
            return null;
          }));
        }
        for (Future<?> fu : futures) {
          fu.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(d.mountCount("shared")).isZero();
      for (int t = 0; t < THREADS; t++) {
        assertThat(d.mountCount("own-" + t)).isZero();
      }
      assertThat(MountInfo.read()).noneMatch(m -> m.mountPoint().startsWith(f.home()) && !m.mountPoint().equals(f.home()));
      assertThat(sharedMerged).doesNotExist();

      // Exact counts: three users of one mount need three puts.
      Path m = d.get("shared", MountOpts.DEFAULT);
      d.get("shared", MountOpts.DEFAULT);
      d.get("shared", MountOpts.DEFAULT);
      assertThat(d.mountCount("shared")).isEqualTo(3);
      d.put("shared");
      d.put("shared");
      assertThat(MountInfo.isMountPoint(m)).isTrue();
      d.put("shared");
      assertThat(MountInfo.isMountPoint(m)).isFalse();
      assertThat(Files.exists(m)).isFalse();
    }
  }
}
