package dev.ovl.natives;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tree entry by entry as an export does: directory listings, statx, xattrs, link targets and file data,
 * with paths as NUL-terminated bytes ({@link #cpath}) and one reusable native buffer, so that no call encodes a
 * String or copies an array. One per thread.
 */
public final class TreeReader {
  /** The largest xattr list and value Linux has (XATTR_LIST_MAX, XATTR_SIZE_MAX). */
  private static final int XATTR_MAX = 64 << 10;

  private final Memory scratch = new Memory(XATTR_MAX);
  private final ByteBuffer scratchBytes = scratch.getByteBuffer(0, XATTR_MAX).order(ByteOrder.nativeOrder());

  private TreeReader() {}

  public static TreeReader create() {
    return new TreeReader();
  }

  /** {@code path} as a NUL-terminated byte string. */
  public static byte[] cpath(byte[] path) {
    byte[] c = new byte[path.length + 1];
    System.arraycopy(path, 0, c, 0, path.length);
    return c;
  }

  /** The NUL-terminated path of {@code name} in the directory whose NUL-terminated path is {@code dir}. */
  public static byte[] child(byte[] dir, byte[] name) {
    int d = dir.length - 1;
    byte[] c = new byte[d + 1 + name.length + 1];
    System.arraycopy(dir, 0, c, 0, d);
    c[d] = '/';
    System.arraycopy(name, 0, c, d + 1, name.length);
    return c;
  }

  /**
   * Opens directory {@code cname} (NUL-terminated) of directory {@code dirfd} ({@link Syscalls#AT_FDCWD}: a path)
   * for {@link #list} and {@link #statAt}, not following a symlink; {@code cpath} names it in errors. Close it with
   * {@link #close}.
   */
  public static int openDir(int dirfd, byte[] cname, byte[] cpath) throws SyscallException {
    return open(dirfd, cname, Syscalls.O_DIRECTORY, cpath);
  }

  /** Opens regular file {@code cname} of {@code dirfd} for reading, as {@link #openDir} does a directory. */
  public static int openFile(int dirfd, byte[] cname, byte[] cpath) throws SyscallException {
    return open(dirfd, cname, 0, cpath);
  }

  private static int open(int dirfd, byte[] cname, int flags, byte[] cpath) throws SyscallException {
    int fd = LibC.openat(dirfd, cname, Syscalls.O_RDONLY | flags | Syscalls.O_NOFOLLOW | Syscalls.O_CLOEXEC, 0);
    if (fd < 0) {
      throw SyscallException.of("open", text(cpath), LibC.lastError());
    }
    return fd;
  }

  /** The names in directory {@code fd} other than {@code .} and {@code ..}, in the order the kernel gives. */
  public List<byte[]> list(int fd, byte[] cpath) throws java.io.IOException {
    List<byte[]> names = new ArrayList<>();
    DirFd d = DirFd.over(fd, java.util.Arrays.copyOf(cpath, Math.max(0, cpath.length - 1)), scratch,
        scratchBytes);
    while (d.next()) {
      names.add(d.nameBytes());
    }
    return names;
  }

  /** lstat of {@code cname} (NUL-terminated) in directory {@code dirfd}, or null if it is gone. */
  public StatX statAt(int dirfd, byte[] cname) throws SyscallException {
    if (LibC.statx(dirfd, cname, Syscalls.AT_SYMLINK_NOFOLLOW, StatX.STATX_BASIC_STATS, scratch) != 0) {
      int errno = LibC.lastError();
      if (errno == Errno.ENOENT || errno == Errno.ENOTDIR) {
        return null;
      }
      throw SyscallException.of("statx", text(cname), errno);
    }
    return StatX.parse(scratchBytes);
  }

  /**
   * The names of the xattrs of {@code cpath} (not following a symlink), or of descriptor {@code fd} when it is
   * not -1 (no path walk); one call, no size probe.
   */
  public List<String> xattrNames(byte[] cpath, int fd) throws SyscallException {
    long n = fd < 0 ? LibC.llistxattr(cpath, scratch, XATTR_MAX) : LibC.flistxattr(fd, scratch, XATTR_MAX);
    if (n < 0) {
      throw SyscallException.of(fd < 0 ? "llistxattr" : "flistxattr", text(cpath), LibC.lastError());
    }
    if (n == 0) {
      return List.of();
    }
    List<String> names = new ArrayList<>(2);
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (scratchBytes.get(i) == 0) {
        if (i > start) {
          byte[] name = new byte[i - start];
          scratchBytes.get(start, name);
          names.add(new String(name, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return names;
  }

  /**
   * The value of xattr {@code name} of {@code cpath} (not following a symlink), or of descriptor {@code fd} when
   * it is not -1; null if it has none.
   */
  public byte[] xattr(byte[] cpath, int fd, String name) throws SyscallException {
    byte[] cname = cpath(name.getBytes(StandardCharsets.UTF_8));
    long n = fd < 0 ? LibC.lgetxattr(cpath, cname, scratch, XATTR_MAX)
        : LibC.fgetxattr(fd, cname, scratch, XATTR_MAX);
    if (n < 0) {
      int errno = LibC.lastError();
      if (errno == Errno.ENODATA) {
        return null;
      }
      throw SyscallException.of(fd < 0 ? "lgetxattr" : "fgetxattr", text(cpath) + " " + name, errno);
    }
    byte[] v = new byte[(int) n];
    scratchBytes.get(0, v);
    return v;
  }

  /** The target of symlink {@code cpath}, escaped where it is not UTF-8 ({@link RawNames}). */
  public String readlink(byte[] cpath) throws SyscallException {
    long n = LibC.readlink(cpath, scratch, XATTR_MAX);
    if (n < 0) {
      throw SyscallException.of("readlink", text(cpath), LibC.lastError());
    }
    byte[] v = new byte[(int) n];
    scratchBytes.get(0, v);
    return RawNames.decode(v);
  }

  /**
   * Reads from {@code fd} into the direct buffer {@code into}, from its position up to its limit, advancing the
   * position; returns the bytes read, 0 at the end of the file.
   */
  public static int read(int fd, ByteBuffer into, byte[] cpath) throws SyscallException {
    Pointer at = Native.getDirectBufferPointer(into).share(into.position());
    long n = LibC.read(fd, at, into.remaining());
    if (n < 0) {
      throw SyscallException.of("read", text(cpath), LibC.lastError());
    }
    into.position(into.position() + (int) n);
    return (int) n;
  }

  public static void close(int fd) {
    try {
      LibC.close(fd);
    } catch (com.sun.jna.LastErrorException e) {
      // a read-only descriptor: nothing was lost
    }
  }

  /** {@code cpath} without its NUL, for messages. */
  public static String text(byte[] cpath) {
    int len = cpath.length > 0 && cpath[cpath.length - 1] == 0 ? cpath.length - 1 : cpath.length;
    return RawNames.decode(cpath, 0, len);
  }
}
