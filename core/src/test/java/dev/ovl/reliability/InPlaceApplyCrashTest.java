package dev.ovl.reliability;

import static dev.ovl.reliability.ContentsCrashTest.BASE;
import static dev.ovl.reliability.ContentsCrashTest.OTHER;
import static dev.ovl.reliability.CrashConsistencyTest.runOvl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.archive.TreeSnapshot;
import dev.ovl.check.Code;
import dev.ovl.interop.GoStorage;
import dev.ovl.interop.LayerTar;
import dev.ovl.interop.Views;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Kills {@code ovl apply-diff} into a layer whose diff already holds files (applied in place, with its journal on
 * disk) after a seeded number of entries, or while it parks an entry it replaces. After each kill, check reports the
 * half-done apply; {@code repair --yes} puts the diff back exactly as it was, or the next apply-diff undoes it
 * first, and either way the re-run reaches the uninterrupted end state. {@code -Dovl.crashTrials=100} is the full run.
 */
class InPlaceApplyCrashTest {
  private static final int FILES = 30;
  /** o, p, old, etc, etc/hosts, data, the files, .wh.f. */
  private static final int ENTRIES = 7 + FILES;

  @Test
  void applyIntoANonEmptyDiffKilledAnywhereIsUndoneExactly() throws Exception {
    Root.require();
    Random r = new Random(CrashConsistencyTest.SEED + 7);
    Map<String, String> complete = null;
    for (int trial = 0; trial < CrashConsistencyTest.TRIALS; trial++) {
      int pick = r.nextInt(8);
      String point = pick == 0 ? "none"
          : pick < 3 ? "apply.parking#" + (1 + r.nextInt(3)) : "apply.entry#" + (1 + r.nextInt(ENTRIES));
      try (Scratch s = Scratch.create("crash-inplace")) {
        GoStorage go = ContentsCrashTest.store(s);
        Path diff = go.home().resolve(OTHER).resolve("diff");
        Files.writeString(diff.resolve("p"), "old p");
        Files.createDirectories(diff.resolve("old/sub"));
        Files.writeString(diff.resolve("old/sub/x"), "old x");
        Map<String, String> before = TreeSnapshot.of(diff);
        SortedMap<String, String> baseView;
        try (var d = ContentsCrashTest.open(go)) {
          baseView = Views.ovl(d, BASE);
        }
        Path t = tar(s);

        int code = runOvl(go.root(), go.runRoot(), point, "apply-diff", OTHER, t.toString(), "--parent", BASE);
        assertThat(code).as(point).isEqualTo(point.equals("none") ? 0 : 137);
        if (!point.equals("none")) {
          assertThat(HalfDone.codes(go, OTHER)).as("check after %s", point)
              .isEqualTo(Set.of(Code.HALF_APPLY_IN_PLACE));
          if (trial % 2 == 1) {
            assertThat(HalfDone.repair(go)).as("repair --yes after %s", point).isZero();
            assertThat(HalfDone.codes(go, OTHER)).as("check after repairing %s", point).isEmpty();
            assertThat(TreeSnapshot.of(diff)).as("repair undid %s exactly", point).isEqualTo(before);
          }
          code = runOvl(go.root(), go.runRoot(), "none", "apply-diff", OTHER, t.toString(), "--parent", BASE);
          assertThat(code).as("re-run after %s", point).isZero();
        }
        assertThat(HalfDone.codes(go, OTHER)).as("check after the whole apply (%s)", point).isEmpty();
        Map<String, String> after = TreeSnapshot.of(diff, x -> !x.equals("trusted.overlay.uuid"), false);
        assertThat(after).containsKeys("o", "p", "old", "etc/hosts", "data/file-" + (FILES - 1), "f")
            .doesNotContainKey("old/sub");
        if (complete == null) {
          complete = after;
        }
        assertThat(after).as("end state after %s", point).isEqualTo(complete);
        Map<String, SortedMap<String, String>> others = new TreeMap<>();
        others.put(BASE, baseView);
        ContentsCrashTest.peerMounts(go, others);
      }
    }
  }

  /** Replaces o, p and the dir old (parked three times), and adds a dir tree and a whiteout. */
  private static Path tar(Scratch s) throws Exception {
    Path t = s.resolve("inplace.tar");
    try (LayerTar l = LayerTar.create(t)) {
      l.file("o", "new o").file("p", "new p").file("old", "now a file");
      l.dir("etc", 0755, 0, 0).file("etc/hosts", "127.0.0.1 localhost\n").dir("data", 0750, 1000, 1000);
      for (int i = 0; i < FILES; i++) {
        l.file("data/file-" + i, 0640, 1000, 1000, ("y" + i).repeat(50 * i).getBytes());
      }
      l.file(".wh.f", "");
    }
    return t;
  }
}
