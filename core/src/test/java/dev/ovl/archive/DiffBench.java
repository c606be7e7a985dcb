package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A benchmark, not a test: exports a layer's diff dir to a file in-process, several rounds, as {@code ovl diff -f}
 * does after start-up. Run: {@code java -cp core/target/test-classes:core/target/classes:core/target/lib/*
 * dev.ovl.archive.DiffBench DIFF_DIR OUT.tar [ROUNDS]}.
 */
public final class DiffBench {
  private DiffBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    for (int round = 0; round < rounds; round++) {
      java.nio.file.Files.deleteIfExists(Path.of(args[1])); // a new file each round, as ovl diff -f writes
      long t0 = System.nanoTime();
      long n;
      try (OutputStream out = new FileOutputStream(args[1])) {
        n = TarExport.export(dir, out, IdMappings.IDENTITY, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE,
            Cancel.NEVER);
      }
      System.out.printf("export: %d bytes in %.0f ms%n", n, (System.nanoTime() - t0) / 1e6);
    }
  }
}
