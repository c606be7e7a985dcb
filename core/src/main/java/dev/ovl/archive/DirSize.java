package dev.ovl.archive;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** Go's {@code directory.Size}: the sizes of every non-directory below a dir, each inode counted once. */
public final class DirSize {
  private DirSize() {}

  /** The size of {@code dir}'s contents, symlinks not followed; entries vanishing meanwhile are ignored. */
  public static long of(Path dir) throws IOException {
    Set<Object> inodes = new HashSet<>();
    long[] size = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        inodes.add(a.fileKey());
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        if (inodes.add(a.fileKey())) {
          size[0] += a.size();
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
        if (e instanceof NoSuchFileException && !f.equals(dir)) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    return size[0];
  }
}
