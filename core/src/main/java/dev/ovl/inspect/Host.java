package dev.ovl.inspect;

import dev.ovl.natives.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about this machine the inspector needs before it opens a store. */
public final class Host {
  /** containers/storage's default graph root. */
  public static final Path DEFAULT_ROOT = Path.of("/var/lib/containers/storage");
  /** containers/storage's default run root for root. */
  public static final Path DEFAULT_RUNROOT = Path.of("/run/containers/storage");

  private Host() {}

  /** True if the effective user is root (only root can mount, or read most stores). */
  public static boolean isRoot() {
    return Syscalls.isRoot();
  }

  /** True if {@code root} holds an overlay home ({@code root/overlay} is a directory). */
  public static boolean hasStore(Path root) {
    return Files.isDirectory(root.resolve("overlay"));
  }
}
