package dev.ovl.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.ChildOvl;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * Kills {@code ovl repair --yes --force} dead at a seeded choice of its crash points (before a step, after it, after
 * its journal line) on a real Go store broken four ways; after every kill check still runs, and a second repair
 * brings the store back to clean, with the Go peer mounting the same files as before the breakage.
 * {@code -Dovl.crashTrials=100} is the full-size run.
 */
class RepairCrashTest {
  private static final int TRIALS = Integer.getInteger("ovl.crashTrials", 6);
  private static final long SEED = Long.getLong("ovl.crashSeed", 20261128L);

  @Test
  void repairKilledAnywhereIsFinishedByTheNextRepair() throws Exception {
    Root.require();
    Random random = new Random(SEED);
    java.util.Map<String, Integer> tally = new java.util.TreeMap<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      try (Scratch scratch = Scratch.create("repair-crash-")) {
        RealStore s = RealStore.create(scratch.path());
        SortedMap<String, String> top = s.goView(s.top);
        SortedMap<String, String> mid = s.goView(s.mid);
        Files.delete(s.l(s.base));
        Files.delete(s.layer(s.mid).resolve("link"));
        Files.createSymbolicLink(s.home().resolve("l/DANGLINGAAAAAAAAAAAAAAAAAA"), Path.of("../0123abcd/diff"));
        Scratch.deleteTree(s.layer(s.top).resolve("work"));
        List<Finding> broken = s.check();
        int steps = Repairer.plan(broken).size();
        assertThat(steps).as(broken.toString()).isGreaterThanOrEqualTo(4);

        List<String> points = new ArrayList<>(List.of("none"));
        for (int i = 0; i < steps; i++) {
          points.addAll(List.of("repair.before." + i, "repair.applied." + i, "repair.journaled." + i));
        }
        String at = points.get(random.nextInt(points.size()));
        tally.merge(at.replaceAll("\\.\\d+$", ""), 1, Integer::sum);
        int code = ChildOvl.run(s.go.root(), s.go.runRoot(), at, "repair", "--yes", "--force");
        assertThat(code).as("exit code when killed at " + at).isEqualTo(at.equals("none") ? 0 : 137);

        List<Finding> after = s.check();
        assertThat(after.size()).as("findings left after a kill at " + at).isLessThanOrEqualTo(broken.size());
        s.repair(true);
        assertThat(s.check()).as("clean after the second repair (killed at " + at + ")").isEmpty();
        assertThat(s.goView(s.top)).isEqualTo(top);
        assertThat(s.goView(s.mid)).isEqualTo(mid);
      }
    }
    System.out.println("repair crash trials survived: " + TRIALS + " / " + TRIALS + ", kills by point: " + tally);
  }
}
