package dev.ovl.archive;

import dev.ovl.natives.Errno;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.CrashPoint;
import dev.ovl.work.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an apply changed in its target, so that a failure puts the target back as it was: entries it created are
 * removed, entries it replaced come back from a trash dir inside the target, and dirs it touched get their mode,
 * owner, xattrs and times back. Kept {@linkplain #keepOnDisk on disk} too, a killed apply can be undone later by
 * {@link #recover}.
 */
final class Journal {
  /** One step; {@link #path} is the entry it changes. */
  private sealed interface Op permits Created, Moved, Saved {
    Path path();
  }

  private record Created(Path path) implements Op {}

  private record Moved(Path path, Path parked) implements Op {}

  private record Saved(Path path, FileStat stat, Map<String, byte[]> xattrs) implements Op {}

  static final String TRASH_PREFIX = ".ovl-apply-";

  private final Path target;
  private final String trashName;
  private final List<Op> ops = new ArrayList<>();
  private Path trash;
  private int parked;
  private JournalLog log;
  /** The steps were read back from a journal on disk, so {@link #checkInside} vets each one. */
  private boolean readBack;

  Journal(Path target) {
    this(target, TRASH_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
  }

  private Journal(Path target, String trashName) {
    this.target = target;
    this.trashName = trashName;
  }

  /** From now on, also logs every step in the trash dir before taking it (the steps so far included). */
  void keepOnDisk() throws IOException {
    ensureTrash();
    log = JournalLog.create(trash);
    for (Op op : ops) {
      log(op);
    }
  }

  /**
   * Undoes every apply into {@code target} that was killed while keeping its journal on disk; returns how many.
   * A trash dir with no journal is left alone unless it is empty (a kill before the journal's first line).
   */
  static int recover(Path target) throws IOException {
    List<Path> trashes = new ArrayList<>();
    try (var s = Files.newDirectoryStream(target, p -> p.getFileName().toString().startsWith(TRASH_PREFIX))) {
      s.forEach(trashes::add);
    }
    int undone = 0;
    for (Path t : trashes) {
      if (!Files.exists(t.resolve(JournalLog.FILE), LinkOption.NOFOLLOW_LINKS)) {
        try (var entries = Files.list(t)) {
          if (entries.findAny().isEmpty()) {
            Files.delete(t);
          }
        }
        continue;
      }
      Journal j = new Journal(target, t.getFileName().toString());
      j.trash = t;
      j.readBack = true;
      for (JournalLog.Step step : JournalLog.read(t)) {
        Path p = RawNames.resolve(target, step.rel());
        j.ops.add(switch (step.kind()) {
          case 'C' -> new Created(p);
          case 'M' -> new Moved(p, t.resolve(step.parked()));
          default -> new Saved(p, step.stat(), step.xattrs());
        });
      }
      IOException failure = new IOException("cannot undo the interrupted apply-diff kept in " + t);
      j.rollback(failure);
      if (failure.getSuppressed().length > 0) {
        throw failure;
      }
      undone++;
    }
    return undone;
  }

  /** The name of the trash dir in the target root, which no entry may use. */
  String trashName() {
    return trashName;
  }

  /** Records {@code p} as created by this apply; called before creating it, so that a kill cannot miss it. */
  void created(Path p) throws IOException {
    add(new Created(p));
  }

  /** Records the metadata of an existing entry before it is changed. */
  void save(Path p) throws IOException {
    add(saved(p));
  }

  private static Saved saved(Path p) throws IOException {
    FileStat st = FileStat.lstat(p);
    Map<String, byte[]> x = new LinkedHashMap<>();
    for (String name : Syscalls.llistxattr(p)) {
      Syscalls.lgetxattr(p, name).ifPresent(v -> x.put(name, v));
    }
    return new Saved(p, st, x);
  }

  /**
   * Moves an existing entry out of the way into the trash (restored on failure, deleted on success). A directory's
   * metadata is saved first: a move stopped half way leaves it with another mtime.
   */
  void moveAside(Path p) throws IOException {
    ensureTrash();
    if (FileStat.lstat(p).isDir()) {
      save(p);
    }
    Path dest = trash.resolve(Integer.toString(parked++));
    Moved m = new Moved(p, dest);
    if (log != null) {
      log(m);
      CrashPoint.hit("apply.parking");
    }
    ops.add(m); // before the move: a move that fails half way is undone too
    move(p, dest);
  }

  /**
   * Renames {@code src} to {@code dst}; where the filesystem cannot rename a directory (EXDEV: overlayfs without
   * redirect_dir, for a directory that comes from a lower layer), moves its entries one by one into {@code dst}
   * (made with the metadata of {@code src}, or merged into when it is already a directory) and removes {@code src}.
   */
  private static void move(Path src, Path dst) throws IOException {
    Saved meta = null;
    if (FileStat.lstatOrNull(dst) == null) {
      try {
        Syscalls.rename(src, dst, Syscalls.RENAME_NOREPLACE);
        return;
      } catch (SyscallException e) {
        if (e.errno() != Errno.EXDEV || !FileStat.lstat(src).isDir()) {
          throw e;
        }
      }
      meta = saved(src);
      Syscalls.mkdir(dst, 0700);
    }
    for (String name : Tree.sortedNames(src)) {
      move(RawNames.resolve(src, name), RawNames.resolve(dst, name));
    }
    Files.delete(src);
    if (meta != null) {
      restore(new Saved(dst, meta.stat(), meta.xattrs()));
    }
  }

  private void ensureTrash() throws IOException {
    if (trash == null) {
      trash = target.resolve(trashName);
      Syscalls.mkdir(trash, 0700);
    }
  }

  private void add(Op op) throws IOException {
    if (log != null) {
      log(op);
    }
    ops.add(op);
  }

  private void log(Op op) throws IOException {
    String rel = RawNames.name(target.relativize(op.path()));
    if (op instanceof Created) {
      log.created(rel);
    } else if (op instanceof Moved m) {
      log.moved(rel, m.parked().getFileName().toString());
    } else if (op instanceof Saved s) {
      log.saved(rel, s.stat(), s.xattrs());
    }
  }

  /** The apply succeeded: drops what was replaced. */
  void commit() throws IOException {
    closeLog();
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
    try {
      closeLog();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
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

  private void closeLog() throws IOException {
    if (log != null) {
      log.close();
      log = null;
    }
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
    if (readBack) {
      checkInside(op.path());
    }
    if (op instanceof Created c) {
      deleteTree(c.path());
    } else if (op instanceof Moved m) {
      FileStat parkedStat = FileStat.lstatOrNull(m.parked());
      if (parkedStat == null) {
        return; // logged, but killed before the rename: the entry never left
      }
      FileStat now = FileStat.lstatOrNull(m.path());
      if (now != null && !(now.isDir() && parkedStat.isDir())) {
        deleteTree(m.path());
      }
      move(m.parked(), m.path()); // two dirs: moved entry by entry, stopped half way; the rest goes back
    } else if (op instanceof Saved s) {
      restore(s);
    }
  }

  /**
   * A journal read back from disk is data a layer could have carried: each step may only reach {@code p} through
   * real directories below the target, never through a symlink, or it is refused.
   */
  private void checkInside(Path p) throws IOException {
    if (!p.normalize().equals(p) || !p.startsWith(target)) {
      throw new IOException("apply journal in " + trash + " names a path outside " + target);
    }
    for (Path dir = p.getParent(); dir != null && dir.startsWith(target) && !dir.equals(target);
        dir = dir.getParent()) {
      FileStat st = FileStat.lstatOrNull(dir);
      if (st != null && !st.isDir()) {
        throw new IOException("apply journal in " + trash + " names a path through the non-directory " + dir);
      }
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
