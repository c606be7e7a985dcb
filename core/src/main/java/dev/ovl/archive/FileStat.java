package dev.ovl.archive;

import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The lstat(2) fields ovl compares and archives. */
record FileStat(int mode, long ino, long dev, long rdev, int nlink, int uid, int gid, long size, long mtimeNanos,
    long atimeNanos) {

  private static final String ATTRS = "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime,lastAccessTime";

  /** lstat of {@code p}. */
  static FileStat lstat(Path p) throws IOException {
    return of(Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS));
  }

  /** stat of {@code p} (following symlinks), or null if it does not exist or a parent is not a directory. */
  static FileStat statOrNull(Path p) throws IOException {
    return orNull(p, new LinkOption[0]);
  }

  /** lstat of {@code p}, or null if it does not exist or a parent is not a directory. */
  static FileStat lstatOrNull(Path p) throws IOException {
    return orNull(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static FileStat orNull(Path p, LinkOption... follow) throws IOException {
    try {
      return of(Files.readAttributes(p, ATTRS, follow));
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return null;
      }
      throw e;
    }
  }

  private static FileStat of(Map<String, Object> a) {
    return new FileStat((Integer) a.get("mode"), (Long) a.get("ino"), (Long) a.get("dev"), (Long) a.get("rdev"),
        (Integer) a.get("nlink"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
        nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("lastAccessTime")));
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
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
