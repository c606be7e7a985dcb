package dev.ovl.driver;

import dev.ovl.archive.ApplyOptions;
import dev.ovl.archive.TarApply;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.CrashPoint;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ApplyDiff onto an empty {@code diff} that a kill cannot leave half-done: the tar goes into {@code diff.staging}
 * next to it, which is swapped with {@code diff} in one {@code renameat2(RENAME_EXCHANGE)}; the empty dir it
 * replaced is then deleted. A leftover {@code diff.staging} (from a kill before the swap, or the empty dir after
 * it) never holds the layer's contents and is removed by the next apply.
 */
final class StagedApply {
  static final String STAGING = "diff.staging";

  private StagedApply() {}

  /** True if {@code diff} has no entries, so a staged apply reaches the same end state as one in place. */
  static boolean canStage(Path diff) throws IOException {
    try (var s = Files.list(diff)) {
      return s.findAny().isEmpty();
    }
  }

  static long apply(Path diff, InputStream tar, ApplyOptions opts, boolean syncfs, Progress progress,
      Cancel cancel) throws IOException {
    Path staging = diff.resolveSibling(STAGING);
    Dirs.ensureRemoveAll(staging);
    Dirs.mkdirAs(staging, 0700, Dirs.uid(diff), Dirs.gid(diff));
    copyXattrs(diff, staging);
    Syscalls.chmod(staging, ((Integer) Files.getAttribute(diff, "unix:mode")) & 07777);
    long size;
    try {
      size = TarApply.apply(tar, staging, opts, progress, cancel);
      CrashPoint.hit("apply.staged");
      if (syncfs) {
        Syscalls.syncfs(staging);
      }
      Syscalls.rename(staging, diff, Syscalls.RENAME_EXCHANGE);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Dirs.ensureRemoveAll(staging);
      } catch (IOException e2) {
        e.addSuppressed(e2);
      }
      throw e;
    }
    Syscalls.fsync(diff.getParent());
    CrashPoint.hit("apply.exchanged");
    Dirs.ensureRemoveAll(staging);
    return size;
  }

  private static void copyXattrs(Path from, Path to) throws IOException {
    for (String name : Syscalls.llistxattr(from)) {
      Optional<byte[]> v = Syscalls.lgetxattr(from, name);
      if (v.isPresent()) {
        Syscalls.lsetxattr(to, name, v.get(), 0);
      }
    }
  }
}
