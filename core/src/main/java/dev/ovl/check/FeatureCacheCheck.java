package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The run home's cached kernel probes ({@code overlay-true}, {@code native-diff(...)-false}...) are only true for
 * the kernel that wrote them. Written before the current boot, they may describe another kernel.
 */
final class FeatureCacheCheck {
  private FeatureCacheCheck() {}

  static void run(Path runHome, List<Draft> out) throws IOException {
    if (!Files.isDirectory(runHome)) {
      return;
    }
    Instant boot = bootTime();
    Draft d = new Draft(Code.FEATURE_CACHE_STALE, "", "cached kernel feature probes in " + runHome
        + " were written before the current boot (" + boot + ")");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(runHome, "*-{true,false}")) {
      for (Path p : ds) {
        Instant written = Files.getLastModifiedTime(p).toInstant();
        if (Files.isRegularFile(p) && written.isBefore(boot)) {
          String text = Files.size(p) < 4096 ? Files.readString(p) : "";
          d.evidence(p.getFileName() + " written " + written);
          d.step(RepairStep.of(Action.REMOVE_PATH, p, text, "", "remove " + p.getFileName()
              + " (probed again at the next start)"));
        }
      }
    }
    if (!d.steps.isEmpty()) {
      out.add(d);
    }
  }

  /** The boot time, from the {@code btime} line of /proc/stat. */
  static Instant bootTime() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
      if (line.startsWith("btime ")) {
        return Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip()));
      }
    }
    throw new IOException("/proc/stat has no btime line");
  }
}
