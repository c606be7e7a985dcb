package dev.ovl.reliability;

import static dev.ovl.reliability.ContentsCrashTest.BASE;
import static dev.ovl.reliability.ContentsCrashTest.CHILD;
import static dev.ovl.reliability.ContentsCrashTest.OTHER;
import static dev.ovl.reliability.CrashConsistencyTest.runOvl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.check.Code;
import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.interop.GoStorage;
import dev.ovl.interop.Views;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Kills {@code ovl update-id-map} dead at a seeded choice of its crash points: the layer carries a journal or
 * rotation marker until the next call, which undoes or finishes the work so that re-running reaches the
 * uninterrupted end state, and the Go peer mounts every layer meanwhile. {@code -Dovl.crashTrials=100} is the
 * full-size run.
 */
class IdMapCrashTest {
  static final String[] SHIFT = {"update-id-map", CHILD, "--to-uidmap", "0:100000:65536", "--to-gidmap",
      "0:100000:65536"};

  @Test
  void updateIdMapKilledAnywhereIsUndoneOrFinishedByTheNextCall() throws Exception {
    Root.require();
    Random r = new Random(CrashConsistencyTest.SEED + 4);
    List<String> points = List.of("idmap.mounted", "idmap.entry", "idmap.chowned", "idmap.rotating",
        "idmap.rotated", "none");
    SortedMap<String, String> endView = null;
    for (int trial = 0; trial < CrashConsistencyTest.TRIALS; trial++) {
      String point = points.get(r.nextInt(points.size()));
      try (Scratch s = Scratch.create("crash-idmap")) {
        GoStorage go = ContentsCrashTest.store(s);
        Path dir = go.home().resolve(CHILD);
        Map<String, SortedMap<String, String>> others = new TreeMap<>();
        try (OverlayDriver d = ContentsCrashTest.open(go)) {
          Path m = d.get(CHILD, MountOpts.DEFAULT);
          Files.createDirectories(m.resolve("own/sub"));
          for (int i = 0; i < 20; i++) {
            Files.writeString(m.resolve("own/sub/f" + i), "c" + i);
          }
          Syscalls.lchown(m.resolve("own/sub/f3"), 1000, 1000);
          d.put(CHILD);
          others.put(BASE, Views.ovl(d, BASE));
          others.put(OTHER, Views.ovl(d, OTHER));
        }
        int code = runOvl(go.root(), go.runRoot(), point, SHIFT);
        assertThat(code).as(point).isEqualTo(point.equals("none") ? 0 : 137);
        boolean marked = Files.exists(dir.resolve("idmap.journal")) || Files.exists(dir.resolve("idmap.rotate"));
        assertThat(marked).as("%s: a killed call leaves its journal", point).isEqualTo(!point.equals("none"));
        boolean rotating = Files.exists(dir.resolve("idmap.rotate"));
        assertThat(HalfDone.codes(go, CHILD)).as("check after %s", point).isEqualTo(point.equals("none") ? Set.of()
            : Set.of(rotating ? Code.HALF_IDMAP_ROTATE : Code.HALF_IDMAP_CHOWN));
        if (!point.equals("none") && !rotating && trial % 2 == 1) {
          assertThat(HalfDone.repair(go)).as("repair --yes after %s", point).isZero();
          assertThat(HalfDone.codes(go, CHILD)).as("check after repairing %s", point).isEmpty();
          assertThat(dir.resolve("idmap.journal")).doesNotExist();
        }
        ContentsCrashTest.peerMounts(go, others);
        if (!point.equals("none")) {
          assertThat(runOvl(go.root(), go.runRoot(), "none", SHIFT)).as("re-run after %s", point).isZero();
        }
        assertThat(dir.resolve("idmap.journal")).doesNotExist();
        assertThat(dir.resolve("idmap.rotate")).doesNotExist();
        assertThat(dir.resolve("diff2")).as("rotated once after %s", point).doesNotExist();
        try (var diff = Files.list(dir.resolve("diff"))) {
          assertThat(diff.count()).as("fresh diff after %s", point).isZero();
        }
        try (OverlayDriver d = ContentsCrashTest.open(go)) {
          SortedMap<String, String> view = Views.ovl(d, CHILD);
          assertThat(view.get("f")).contains(" 100000:100000 ");
          assertThat(view.get("own/sub/f3")).contains(" 101000:101000 ");
          if (endView == null) {
            endView = view;
          }
          assertThat(view).as("end state after %s", point).isEqualTo(endView);
          assertThat(d.mountCount(CHILD)).as("no mount left after %s", point).isZero();
          SortedMap<String, String> noRoot = new TreeMap<>(view);
          noRoot.remove("."); // the 1.43 peer shows the mount root of a re-owned layer as 0:0 (open question)
          others.put(CHILD, noRoot);
        }
        ContentsCrashTest.peerMounts(go, others);
      }
    }
  }
}
