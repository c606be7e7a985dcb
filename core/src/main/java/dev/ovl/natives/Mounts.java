package dev.ovl.natives;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Mount helpers on top of {@link Syscalls}: propagation changes and tolerant unmounts. */
public final class Mounts {
  private Mounts() {}

  /**
   * Makes {@code dir} a private mount, bind-mounting it on itself first if it is not a mount point yet, so that
   * layer mounts below it do not propagate to other namespaces.
   */
  public static void makePrivate(Path dir) throws IOException {
    if (!MountInfo.isMountPoint(dir)) {
      Syscalls.mount(dir.toString(), dir, "none", Syscalls.MS_BIND, null);
    }
    Syscalls.mount("", dir, "none", Syscalls.MS_PRIVATE, null);
  }

  /** Lazily unmounts {@code target}; EINVAL (not a mount point) counts as done. */
  public static void unmount(Path target) throws SyscallException {
    unmount(target, Syscalls.MNT_DETACH);
  }

  /** Unmounts {@code target} with {@code flags}; EINVAL (not a mount point) counts as done. */
  public static void unmount(Path target, int flags) throws SyscallException {
    try {
      Syscalls.umount2(target, flags);
    } catch (SyscallException e) {
      if (e.errno() != Errno.EINVAL) {
        throw e;
      }
    }
  }

  /** Lazily unmounts every mount at or below {@code dir}, deepest first. */
  public static void unmountAllUnder(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    List<Path> points = MountInfo.read().stream()
        .map(MountInfo::mountPoint)
        .filter(p -> p.startsWith(root))
        .distinct()
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
        .toList();
    for (Path p : points) {
      unmount(p);
    }
  }
}
