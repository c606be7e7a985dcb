package dev.ovl.archive;

import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark, not a test: applies a layer tar in-process into a fresh dir under {@code PARENT}, several rounds,
 * as {@code ovl apply-diff ID FILE} does after start-up (each round's dir is deleted before the next). Run:
 * {@code java -cp core/target/test-classes:core/target/classes:core/target/lib/* dev.ovl.archive.ApplyBench
 * FILE.tar PARENT [ROUNDS]}.
 */
public final class ApplyBench {
  private ApplyBench() {}

  public static void main(String[] args) throws Exception {
    Path tar = Path.of(args[0]);
    Path parent = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    for (int round = 0; round < rounds; round++) {
      Path target = Files.createDirectories(parent.resolve("apply-" + round));
      long t0 = System.nanoTime();
      long size;
      try (InputStream in = TarFile.open(tar)) {
        size = TarApply.apply(in, target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      }
      System.out.printf("apply: %d bytes in %.0f ms%n", size, (System.nanoTime() - t0) / 1e6);
      Journal.deleteTree(target);
    }
  }
}
