package dev.ovl.archive;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A benchmark, not a test: reads a tar (every header and byte) with ovl's own reader and with commons-compress,
 * four rounds each. Run: {@code java -cp core/target/test-classes:core/target/classes:core/target/lib/*
 * dev.ovl.archive.TarReadBench FILE.tar}.
 */
public final class TarReadBench {
  private TarReadBench() {}

  public static void main(String[] args) throws Exception {
    Path p = Path.of(args[0]);
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      int own = 0;
      try (InputStream in = Files.newInputStream(p)) {
        TarReader r = new TarReader(in);
        while (r.next() != null) {
          r.copyData(OutputStream.nullOutputStream());
          own++;
        }
      }
      long t1 = System.nanoTime();
      int cc = 0;
      byte[] buf = new byte[1 << 20];
      try (TarArchiveInputStream in = new TarArchiveInputStream(
          new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
          while (in.read(buf) > 0) {
            // drain the entry
          }
          cc++;
        }
      }
      long t2 = System.nanoTime();
      System.out.printf("own reader: %d entries in %.0f ms; commons-compress: %d entries in %.0f ms%n", own,
          (t1 - t0) / 1e6, cc, (t2 - t1) / 1e6);
    }
  }
}
