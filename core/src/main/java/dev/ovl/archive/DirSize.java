package dev.ovl.archive;

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
      return ForkJoinPool.commonPool().invoke(new Walk(dir, linked));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** One directory's files, and its subdirectories forked: the per-entry statx calls run on every core. */
  private static final class Walk extends RecursiveTask<Long> {
    private final Path dir;
    private final Set<Long> linked;

    Walk(Path dir, Set<Long> linked) {
      this.dir = dir;
      this.linked = linked;
    }

    @Override
    protected Long compute() {
      try {
        long size = 0;
        List<Walk> subdirs = new ArrayList<>();
        List<String> names;
        try {
          names = Tree.sortedNames(dir);
        } catch (NoSuchFileException e) {
          return 0L;
        }
        for (String name : names) {
          Path p = dir.resolve(name);
          FileStat st = FileStat.lstatOrNull(p);
          if (st == null) {
            continue;
          }
          if (st.isDir()) {
            Walk w = new Walk(p, linked);
            w.fork();
            subdirs.add(w);
          } else if (st.nlink() == 1 || linked.add(st.ino())) {
            size += st.size();
          }
        }
        for (Walk w : subdirs) {
          size += w.join();
        }
        return size;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
