package dev.ovl.archive;

import dev.ovl.natives.DirFd;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.StatX;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/** Go's {@code directory.Size}: the sizes of every non-directory below a dir, each inode counted once. */
public final class DirSize {
  private DirSize() {}

  /** The size of {@code dir}'s contents, symlinks not followed; entries vanishing meanwhile are ignored. */
  public static long of(Path dir) throws IOException {
    if (FileStat.lstatOrNull(dir) == null) {
      throw new NoSuchFileException(dir.toString());
    }
    Set<Long> linked = ConcurrentHashMap.newKeySet();
    try {
      return ForkJoinPool.commonPool().invoke(new Walk(RawNames.bytes(dir), linked));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * One directory's files, and its subdirectories forked so that the statx calls run on every core. Entries are
   * read with getdents64 and stat'ed relative to the directory's descriptor; a subdirectory needs no stat at all.
   */
  private static final class Walk extends RecursiveTask<Long> {
    private final byte[] dir;
    private final Set<Long> linked;

    Walk(byte[] dir, Set<Long> linked) {
      this.dir = dir;
      this.linked = linked;
    }

    @Override
    protected Long compute() {
      long size = 0;
      List<Walk> subdirs = new ArrayList<>();
      try (DirFd d = DirFd.open(dir)) {
        while (d.next()) {
          if (d.type() == DirFd.DT_DIR) {
            subdirs.add(fork(d.childPath()));
            continue;
          }
          StatX st = d.lstat();
          if (st == null) {
            continue;
          }
          if ((st.mode() & Syscalls.S_IFMT) == Syscalls.S_IFDIR) {
            subdirs.add(fork(d.childPath()));
          } else if (st.nlink() == 1 || linked.add(st.ino())) {
            size += st.size();
          }
        }
      } catch (SyscallException.NotFound e) {
        // the directory went away meanwhile
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (Walk w : subdirs) {
        size += w.join();
      }
      return size;
    }

    private Walk fork(byte[] path) {
      Walk w = new Walk(path, linked);
      w.fork();
      return w;
    }
  }
}
