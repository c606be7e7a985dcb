package dev.ovl.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several breakages of the corpus at once, as an unclean shutdown leaves them (seeded picks of two to four
 * repairable cases): check finds something, repair fixes all of it, a second check is clean, and the Go peer
 * mounts the same content as before.
 */
class BrokenStoreCombinationsTest {
  /** More with -Dovl.brokenCombinations=N when hunting. */
  private static final int SEEDS = Integer.getInteger("ovl.brokenCombinations", 8);

  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void repairFixesSeveralBreakagesAtOnce() throws Exception {
    List<Object[]> fixable = BrokenStoreCorpusTest.cases().map(a -> a.get()).filter(a -> (Boolean) a[3])
        .toList();
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random r = new Random(seed);
      List<Object[]> picks = new ArrayList<>(fixable);
      Collections.shuffle(picks, r);
      picks = picks.subList(0, 2 + r.nextInt(3));
      try (Scratch scratch = Scratch.create("combo-")) {
        RealStore s = RealStore.create(scratch.path());
        SortedMap<String, String> top = s.goView(s.top);
        SortedMap<String, String> mid = s.goView(s.mid);
        List<String> applied = new ArrayList<>();
        for (Object[] p : picks) {
          Path dir = Files.createDirectories(scratch.resolve("case" + applied.size()));
          try {
            ((BrokenStoreCorpusTest.Breaker) p[1]).apply(s, dir);
            applied.add((String) p[0]);
          } catch (Exception | AssertionError e) {
            applied.add(p[0] + " (partly: " + e.getClass().getSimpleName() + ")"); // an earlier pick changed its ground
          }
        }
        String what = "seed " + seed + ": " + applied;
        List<Finding> found = s.check();
        assertThat(found).as(what).isNotEmpty().allMatch(Finding::repairable);
        RepairResult res = s.repair(true);
        assertThat(res.skipped()).as(what).isEmpty();
        assertThat(s.check()).as("a second check is clean, " + what).isEmpty();
        assertThat(s.goView(s.top)).as(what).isEqualTo(top);
        assertThat(s.goView(s.mid)).as(what).isEqualTo(mid);
      }
    }
  }
}
