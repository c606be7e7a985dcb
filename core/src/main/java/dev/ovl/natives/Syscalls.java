package dev.ovl.natives;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every system call ovl makes, as Java methods that either succeed or throw a {@link SyscallException} naming the
 * syscall, the path and the errno. No {@code -1} ever leaks out.
 */
public final class Syscalls {
  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_SYNCHRONOUS = 16;
  public static final long MS_REMOUNT = 32;
  public static final long MS_MANDLOCK = 64;
  public static final long MS_DIRSYNC = 128;
  public static final long MS_NOSYMFOLLOW = 256;
  public static final long MS_NOATIME = 1024;
  public static final long MS_NODIRATIME = 2048;
  public static final long MS_BIND = 4096;
  public static final long MS_MOVE = 8192;
  public static final long MS_REC = 16384;
  public static final long MS_SILENT = 32768;
  public static final long MS_UNBINDABLE = 1 << 17;
  public static final long MS_PRIVATE = 1 << 18;
  public static final long MS_SLAVE = 1 << 19;
  public static final long MS_SHARED = 1 << 20;
  public static final long MS_RELATIME = 1 << 21;
  public static final long MS_STRICTATIME = 1 << 24;
  public static final long MS_LAZYTIME = 1 << 25;

  public static final int MNT_FORCE = 1;
  public static final int MNT_DETACH = 2;
  public static final int MNT_EXPIRE = 4;
  public static final int UMOUNT_NOFOLLOW = 8;

  public static final int XATTR_CREATE = 1;
  public static final int XATTR_REPLACE = 2;

  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 01;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NOFOLLOW = 0400000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;

  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;

  public static final int RENAME_NOREPLACE = 1;
  public static final int RENAME_EXCHANGE = 2;

  private static final int PAGE_SIZE = LibC.getpagesize();

  private Syscalls() {}

  static SyscallException fail(String syscall, Object path, LastErrorException e) {
    return SyscallException.of(syscall, path instanceof Path p ? RawNames.name(p) : String.valueOf(path),
        e.getErrorCode());
  }

  /** {@code path} as the NUL-terminated bytes a system call takes. */
  private static byte[] c(Path path) {
    return RawNames.cPath(path);
  }

  public static void mount(String source, Path target, String fstype, long flags, String data)
      throws SyscallException {
    try {
      LibC.mount(source, c(target), fstype, flags, data);
    } catch (LastErrorException e) {
      throw fail("mount", target, e);
    }
  }

  public static void umount2(Path target, int flags) throws SyscallException {
    try {
      LibC.umount2(c(target), flags);
    } catch (LastErrorException e) {
      throw fail("umount2", target, e);
    }
  }

  /** The {@code struct statfs} of {@code path}. */
  public static FsStat statfs(Path path) throws SyscallException {
    byte[] buf = new byte[128]; // sizeof(struct statfs) is 120 on LP64
    try {
      LibC.statfs(c(path), buf);
    } catch (LastErrorException e) {
      throw fail("statfs", path, e);
    }
    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
    long type = b.getLong(0);
    long bsize = b.getLong(8);
    long blocks = b.getLong(16);
    long bfree = b.getLong(24);
    long bavail = b.getLong(32);
    long files = b.getLong(40);
    long ffree = b.getLong(48);
    long namelen = b.getLong(64);
    long flags = b.getLong(80);
    return new FsStat(type, bsize, blocks, bfree, bavail, files, ffree, namelen, flags);
  }

  /** mknod(2); {@code mode} carries the file type bits, {@code dev} is a {@link #makedev} value. */
  public static void mknod(Path path, int mode, long dev) throws SyscallException {
    try {
      LibC.mknod(c(path), mode, dev);
    } catch (LastErrorException e) {
      throw fail("mknod", path, e);
    }
  }

  /** glibc's makedev(3): the dev_t of {@code major:minor}. */
  public static long makedev(long major, long minor) {
    return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
        | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
  }

  public static long major(long dev) {
    return ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
  }

  public static long minor(long dev) {
    return ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
  }

  /** mkdir(2) followed by nothing: the umask still applies, as the kernel decides. */
  public static void mkdir(Path path, int mode) throws SyscallException {
    try {
      LibC.mkdir(c(path), mode);
    } catch (LastErrorException e) {
      throw fail("mkdir", path, e);
    }
  }

  /** symlink(2): {@code link} pointing at {@code target}, which is stored byte for byte (never normalized). */
  public static void symlink(String target, Path link) throws SyscallException {
    try {
      LibC.symlink(RawNames.cString(target), c(link));
    } catch (LastErrorException e) {
      throw fail("symlink", link, e);
    }
  }

  /** linkat(2) without AT_SYMLINK_FOLLOW: a hard link to {@code existing} itself, even if it is a symlink. */
  public static void link(Path existing, Path link) throws SyscallException {
    try {
      LibC.linkat(AT_FDCWD, c(existing), AT_FDCWD, c(link), 0);
    } catch (LastErrorException e) {
      throw fail("linkat", existing + " -> " + link, e);
    }
  }

  /** chmod(2), which unlike {@code Files.setPosixFilePermissions} keeps setuid, setgid and sticky bits. */
  public static void chmod(Path path, int mode) throws SyscallException {
    try {
      LibC.chmod(c(path), mode & 07777);
    } catch (LastErrorException e) {
      throw fail("chmod", path, e);
    }
  }

  public static void chown(Path path, int uid, int gid) throws SyscallException {
    try {
      LibC.chown(c(path), uid, gid);
    } catch (LastErrorException e) {
      throw fail("chown", path, e);
    }
  }

  public static void lchown(Path path, int uid, int gid) throws SyscallException {
    try {
      LibC.lchown(c(path), uid, gid);
    } catch (LastErrorException e) {
      throw fail("lchown", path, e);
    }
  }

  /** Sets atime and mtime (nanoseconds since the epoch) without following a final symlink. */
  public static void lutimes(Path path, long atimeNanos, long mtimeNanos) throws SyscallException {
    try {
      LibC.utimensat(AT_FDCWD, c(path), timespecs(atimeNanos, mtimeNanos), AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw fail("utimensat", path, e);
    }
  }

  /** The two {@code struct timespec}s of utimensat(2) and futimens(2). */
  static long[] timespecs(long atimeNanos, long mtimeNanos) {
    return new long[] {
      Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
      Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)
    };
  }

  /** renameat2(2) with {@code flags} such as {@link #RENAME_NOREPLACE} or {@link #RENAME_EXCHANGE}. */
  public static void rename(Path from, Path to, int flags) throws SyscallException {
    try {
      LibC.renameat2(AT_FDCWD, c(from), AT_FDCWD, c(to), flags);
    } catch (LastErrorException e) {
      throw fail("renameat2", from + " -> " + to, e);
    }
  }

  /** The value of xattr {@code name} on {@code path} (not following a symlink), or empty if it has none. */
  public static Optional<byte[]> lgetxattr(Path path, String name) throws SyscallException {
    byte[] p = c(path);
    byte[] cname = RawNames.cString(name);
    byte[] buf = new byte[256];
    while (true) {
      long n = LibC.lgetxattr(p, cname, buf, buf.length);
      if (n >= 0) {
        return Optional.of(java.util.Arrays.copyOf(buf, (int) n));
      }
      int errno = LibC.lastError();
      if (errno == Errno.ENODATA) {
        return Optional.empty();
      }
      long size = errno == Errno.ERANGE ? LibC.lgetxattr(p, cname, (byte[]) null, 0) : -1;
      if (size < 0) {
        throw SyscallException.of("lgetxattr", RawNames.name(path) + " " + name, LibC.lastError());
      }
      buf = new byte[(int) Math.max(size, buf.length * 2L)];
    }
  }

  public static void lsetxattr(Path path, String name, byte[] value, int flags) throws SyscallException {
    try {
      LibC.lsetxattr(c(path), name, value, value.length, flags);
    } catch (LastErrorException e) {
      throw fail("lsetxattr", path + " " + name, e);
    }
  }

  public static void lremovexattr(Path path, String name) throws SyscallException {
    try {
      LibC.lremovexattr(c(path), name);
    } catch (LastErrorException e) {
      throw fail("lremovexattr", path + " " + name, e);
    }
  }

  /** The names of every xattr on {@code path}, not following a symlink. */
  public static List<String> llistxattr(Path path) throws SyscallException {
    byte[] p = c(path);
    byte[] buf = new byte[1024];
    long n;
    while (true) {
      try {
        n = LibC.llistxattr(p, buf, buf.length);
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.ERANGE) {
          throw fail("llistxattr", path, e);
        }
        buf = new byte[buf.length * 4];
      }
    }
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buf[i] == 0) {
        if (i > start) {
          names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return names;
  }

  public static int open(Path path, int flags) throws SyscallException {
    try {
      return LibC.open(c(path), flags | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw fail("open", path, e);
    }
  }

  public static void close(int fd) throws SyscallException {
    try {
      LibC.close(fd);
    } catch (LastErrorException e) {
      throw fail("close", "fd " + fd, e);
    }
  }

  /** dup2(2): {@code newfd} becomes a copy of {@code oldfd} (closed first if open). */
  public static void dup2(int oldfd, int newfd) throws SyscallException {
    try {
      LibC.dup2(oldfd, newfd);
    } catch (LastErrorException e) {
      throw fail("dup2", "fd " + oldfd, e);
    }
  }

  /** fsync(2) of {@code path}, a file or a directory. */
  public static void fsync(Path path) throws SyscallException {
    int fd = open(path, O_RDONLY);
    try {
      LibC.fsync(fd);
    } catch (LastErrorException e) {
      throw fail("fsync", path, e);
    } finally {
      close(fd);
    }
  }

  /** syncfs(2) of the filesystem holding {@code path}. */
  public static void syncfs(Path path) throws SyscallException {
    int fd = open(path, O_RDONLY);
    try {
      LibC.syncfs(fd);
    } catch (LastErrorException e) {
      throw fail("syncfs", path, e);
    } finally {
      close(fd);
    }
  }

  /** openat(2) relative to directory fd {@code dirfd}; the fd is close-on-exec. */
  public static int openat(int dirfd, String path, int flags) throws SyscallException {
    int fd = LibC.openat(dirfd, RawNames.cString(path), flags | O_CLOEXEC, 0);
    if (fd < 0) {
      throw SyscallException.of("openat", path, LibC.lastError());
    }
    return fd;
  }

  /**
   * The d_type of every entry of {@code dir} as getdents64(2) reports it ({@code 0} is DT_UNKNOWN), by name; "."
   * and ".." are left out.
   */
  public static java.util.Map<String, Integer> direntTypes(Path dir) throws java.io.IOException {
    java.util.Map<String, Integer> out = new java.util.HashMap<>();
    try (DirFd d = DirFd.open(dir)) {
      while (d.next()) {
        out.put(d.name(), d.type() & 0xff);
      }
    }
    return out;
  }

  public static int pageSize() {
    return PAGE_SIZE;
  }

  public static int geteuid() {
    return LibC.geteuid();
  }

  public static boolean isRoot() {
    return geteuid() == 0;
  }
}
