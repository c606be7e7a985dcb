package dev.ovl.natives;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct-mapped libc entry points. Only {@link Syscalls} calls these; nothing else in ovl touches JNA.
 *
 * <p>Linux on an LP64 ABI (x86_64, aarch64) is assumed: {@code unsigned long}, {@code size_t}, {@code ssize_t}
 * and {@code dev_t} are Java {@code long}s. Paths are NUL-terminated bytes ({@link RawNames}), so that a name
 * that is not UTF-8 reaches the kernel unchanged.
 */
final class LibC {
  static {
    // Without a search path of its own, JNA forks `ldconfig -p` to make one; libc needs none (dlopen finds it).
    if (System.getProperty("jna.platform.library.path") == null) {
      System.setProperty("jna.platform.library.path", "");
    }
    Native.register(LibC.class, NativeLibrary.getInstance("c"));
  }

  private LibC() {}

  static native int mount(String source, byte[] target, String fstype, long flags, String data)
      throws LastErrorException;

  static native int umount2(byte[] target, int flags) throws LastErrorException;

  static native int statfs(byte[] path, byte[] buf) throws LastErrorException;

  static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

  static native int mkdir(byte[] path, int mode) throws LastErrorException;

  static native int symlink(byte[] target, byte[] linkpath) throws LastErrorException;

  static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
      throws LastErrorException;

  static native int chmod(byte[] path, int mode) throws LastErrorException;

  static native int chown(byte[] path, int uid, int gid) throws LastErrorException;

  static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

  static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

  static native int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
      throws LastErrorException;

  static native int lsetxattr(byte[] path, String name, byte[] value, long size, int flags)
      throws LastErrorException;

  static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

  static native int lremovexattr(byte[] path, String name) throws LastErrorException;

  static native int open(byte[] path, int flags, int mode) throws LastErrorException;

  static native long write(int fd, com.sun.jna.Pointer buf, long count) throws LastErrorException;

  static native int fchown(int fd, int uid, int gid) throws LastErrorException;

  static native int fchmod(int fd, int mode) throws LastErrorException;

  static native int futimens(int fd, long[] times) throws LastErrorException;

  static native int fsetxattr(int fd, String name, byte[] value, long size, int flags) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static native int dup2(int oldfd, int newfd) throws LastErrorException;

  static native int fsync(int fd) throws LastErrorException;

  static native int syncfs(int fd) throws LastErrorException;

  static native int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

  static native int quotactl(int cmd, String special, int id, byte[] addr) throws LastErrorException;

  /** Reports failure by its return value only: a missing path is common and must not cost an exception. */
  static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buf);

  // Raw-path variants for walks (TreeReader): paths are NUL-terminated bytes, failures come back as -1 and errno,
  // and buffers are native memory, so no call converts a String or copies an array.
  static native int statx(int dirfd, byte[] path, int flags, int mask, com.sun.jna.Pointer buf);

  static native int openat(int dirfd, byte[] path, int flags, int mode);

  static native long read(int fd, com.sun.jna.Pointer buf, long count);

  static native long getdents64(int fd, com.sun.jna.Pointer buf, long count);

  static native long llistxattr(byte[] path, com.sun.jna.Pointer list, long size);

  static native long lgetxattr(byte[] path, byte[] name, com.sun.jna.Pointer value, long size);

  /** Reports failure by its return value only: a missing xattr (ENODATA) is common and must not cost an exception. */
  static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size);

  static native long readlink(byte[] path, com.sun.jna.Pointer buf, long size);

  static native long flistxattr(int fd, com.sun.jna.Pointer list, long size);

  static native long fgetxattr(int fd, byte[] name, com.sun.jna.Pointer value, long size);

  /** statx of a NUL-terminated name in native memory (a getdents64 record), into native memory: no copies. */
  static native int statx(int dirfd, com.sun.jna.Pointer path, int flags, int mask, com.sun.jna.Pointer buf);

  static int lastError() {
    return Native.getLastError();
  }

  static native int getpagesize();

  static native int geteuid();

  static native String strerror(int errnum);

  // The new mount API (glibc 2.36 wrappers): lets one lower at a time be passed, so no page-size limit.
  static native int fsopen(String fsname, int flags) throws LastErrorException;

  static native int fsconfig(int fd, int cmd, String key, String value, int aux) throws LastErrorException;

  static native int fsmount(int fd, int flags, int attrFlags) throws LastErrorException;

  static native int move_mount(int fromDirfd, String fromPath, int toDirfd, String toPath, int flags)
      throws LastErrorException;
}
