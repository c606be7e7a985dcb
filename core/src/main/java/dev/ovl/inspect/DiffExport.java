package dev.ovl.inspect;

import dev.ovl.driver.LayerContents;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exports a layer's diff against its parent to a tar file, atomically: the tar is written to a hidden sibling,
 * synced, then renamed over {@code file}. A failure or a cancel removes the sibling, so no partial file is left.
 */
public final class DiffExport {
  private DiffExport() {}

  /** Writes the tar of {@code id}'s changes against {@code parent} (null or empty: none) to {@code file}. */
  public static void toFile(OverlayDriver d, String id, String parent, Path file, Progress progress, Cancel cancel)
      throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new IOException(abs + " is a directory");
    }
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".ovl-export-" + ProcessHandle.current().pid());
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        LayerContents.of(d).diff(id, IdMappings.IDENTITY, parent == null ? "" : parent, IdMappings.IDENTITY, out,
            progress, cancel);
      }
      cancel.check();
      Syscalls.fsync(tmp);
      Syscalls.rename(tmp, abs, 0);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }
}
