package dev.ovl.archive;

import dev.ovl.natives.Syscalls;
import dev.ovl.work.Trees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an apply changed in its target, so that a failure puts the target back as it was: entries it created are
 * removed, entries it replaced come back from a trash dir inside the target, and dirs it touched get their mode,
 * owner, xattrs and times back.
 */
final class Journal {
  private sealed interface Op permits Created, Moved, Saved {}

  private record Created(Path path) implements Op {}

  private record Moved(Path from, Path parked) implements Op {}

  private record Saved(Path path, FileStat stat, Map<String, byte[]> xattrs) implements Op {}

  private final Path target;
  private final String trashName;
  private final List<Op> ops = new ArrayList<>();
  private Path trash;
  private int parked;

  Journal(Path target) {
    this.target = target;
    this.trashName = ".ovl-apply-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  /** The name of the trash dir in the target root, which no entry may use. */
  String trashName() {
    return trashName;
  }

  void created(Path p) {
    ops.add(new Created(p));
  }

  /** Records the metadata of an existing entry before it is changed. */
  void save(Path p) throws IOException {
    FileStat st = FileStat.lstat(p);
    Map<String, byte[]> x = new LinkedHashMap<>();
    for (String name : Syscalls.llistxattr(p)) {
      Syscalls.lgetxattr(p, name).ifPresent(v -> x.put(name, v));
    }
    ops.add(new Saved(p, st, x));
  }

  /** Moves an existing entry out of the way into the trash (restored on failure, deleted on success). */
  void moveAside(Path p) throws IOException {
    if (trash == null) {
      trash = target.resolve(trashName);
      Syscalls.mkdir(trash, 0700);
    }
    Path dest = trash.resolve(Integer.toString(parked++));
    Syscalls.rename(p, dest, Syscalls.RENAME_NOREPLACE);
    ops.add(new Moved(p, dest));
  }

  /** The apply succeeded: drops what was replaced. */
  void commit() throws IOException {
    if (trash != null) {
      deleteTree(trash);
      trash = null;
    }
    ops.clear();
  }

  /**
   * The apply failed: undoes every step, newest first; the trash goes just before the first step (the target's
   * own metadata) is restored. Problems while undoing are attached to {@code cause}.
   */
  void rollback(Throwable cause) {
    for (int i = ops.size() - 1; i >= 0; i--) {
      if (i == 0) {
        dropTrash(cause);
      }
      try {
        undo(ops.get(i));
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
    dropTrash(cause);
    ops.clear();
  }

  private void dropTrash(Throwable cause) {
    try {
      if (trash != null) {
        deleteTree(trash);
        trash = null;
      }
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private void undo(Op op) throws IOException {
    if (op instanceof Created c) {
      deleteTree(c.path());
    } else if (op instanceof Moved m) {
      deleteTree(m.from());
      Syscalls.rename(m.parked(), m.from(), Syscalls.RENAME_NOREPLACE);
    } else if (op instanceof Saved s) {
      restore(s);
    }
  }

  private static void restore(Saved s) throws IOException {
    Path p = s.path();
    FileStat now = FileStat.lstatOrNull(p);
    if (now == null || now.type() != s.stat().type()) {
      return;
    }
    Syscalls.lchown(p, s.stat().uid(), s.stat().gid());
    if (!now.isSymlink()) {
      Syscalls.chmod(p, s.stat().mode() & 07777);
    }
    for (String name : Syscalls.llistxattr(p)) {
      if (!s.xattrs().containsKey(name)) {
        Syscalls.lremovexattr(p, name);
      }
    }
    for (Map.Entry<String, byte[]> x : s.xattrs().entrySet()) {
      Syscalls.lsetxattr(p, x.getKey(), x.getValue(), 0);
    }
    Syscalls.lutimes(p, s.stat().atimeNanos(), s.stat().mtimeNanos());
  }

  /** Deletes {@code root} recursively without following symlinks; a missing root is fine. */
  static void deleteTree(Path root) throws IOException {
    Trees.delete(root);
  }
}
