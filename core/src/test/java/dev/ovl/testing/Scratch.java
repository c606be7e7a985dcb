package dev.ovl.testing;

import dev.ovl.natives.Mounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A scratch directory for one test. Closing it unmounts everything mounted below it, deepest first, and then
 * deletes it, so a failed test leaves no mount and no store behind.
 */
public final class Scratch implements AutoCloseable {
  private final Path dir;

  private Scratch(Path dir) {
    this.dir = dir;
  }

  /** A fresh directory under {@code /var/tmp} (on the root filesystem, not tmpfs). */
  public static Scratch create(String prefix) {
    try {
      Path base = Path.of(System.getProperty("ovl.scratch", "/var/tmp"));
      return new Scratch(Files.createTempDirectory(base, "ovl-" + prefix + "-").toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path path() {
    return dir;
  }

  public Path resolve(String other) {
    return dir.resolve(other);
  }

  @Override
  public void close() throws IOException {
    Mounts.unmountAllUnder(dir);
    deleteTree(dir);
  }

  /** Deletes {@code root} recursively without following symlinks; a missing root is fine. */
  public static void deleteTree(Path root) throws IOException {
    dev.ovl.work.Trees.delete(root);
  }
}
