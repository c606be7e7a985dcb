package dev.ovl.archive;

import dev.ovl.natives.StatX;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The lstat(2) fields ovl compares and archives. */
record FileStat(int mode, long ino, long dev, long rdev, int nlink, int uid, int gid, long size, long mtimeNanos,
    long atimeNanos) {

  /** lstat of {@code p}. */
  static FileStat lstat(Path p) throws IOException {
    FileStat st = lstatOrNull(p);
    if (st == null) {
      throw new NoSuchFileException(p.toString());
    }
    return st;
  }

  /** stat of {@code p} (following symlinks), or null if it, a parent or the symlink's target is missing. */
  static FileStat statOrNull(Path p) throws IOException {
    return of(StatX.ofOrNull(p, true));
  }

  /** lstat of {@code p}, or null if it does not exist or a parent is not a directory. */
  static FileStat lstatOrNull(Path p) throws IOException {
    return of(StatX.ofOrNull(p, false));
  }

  static FileStat of(StatX s) {
    return s == null ? null : new FileStat(s.mode(), s.ino(), s.dev(), s.rdev(), s.nlink(), s.uid(), s.gid(),
        s.size(), s.mtimeNanos(), s.atimeNanos());
  }

  int type() {
    return mode & Syscalls.S_IFMT;
  }

  boolean isDir() {
    return type() == Syscalls.S_IFDIR;
  }

  boolean isSymlink() {
    return type() == Syscalls.S_IFLNK;
  }

  /** A char 0/0 device: an overlay whiteout. */
  boolean isWhiteout() {
    return type() == Syscalls.S_IFCHR && rdev == 0;
  }
}
