package dev.ovl.archive;

import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A benchmark, not a test: the overlay changes of an upper dir against one lower, many rounds in one JVM, as a
 * served {@code ovl changes} runs once warm. Run: {@code java -cp
 * core/target/test-classes:core/target/classes:core/target/lib/* dev.ovl.archive.ChangesBench LOWER UPPER [ROUNDS]}.
 */
public final class ChangesBench {
  private ChangesBench() {}

  public static void main(String[] args) throws Exception {
    List<Path> lowers = List.of(Path.of(args[0]));
    Path upper = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    double[] ms = new double[rounds];
    int n = 0;
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      n = LayerChanges.overlay(lowers, upper, Progress.NONE, Cancel.NEVER).size();
      ms[round] = (System.nanoTime() - t0) / 1e6;
    }
    double[] warm = Arrays.copyOfRange(ms, rounds / 2, rounds);
    Arrays.sort(warm);
    System.out.printf("changes: %d entries; first %.1f ms, warm median %.1f ms (min %.1f)%n", n, ms[0],
        warm[warm.length / 2], warm[0]);
  }
}
