package dev.ovl.natives;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The statx(2) fields ovl archives and compares. Walks stat every entry, often paths that do not exist (lookups
 * in lower layers), so a miss returns null instead of raising, and nothing goes through the JDK's attribute maps.
 */
public record StatX(int mode, long ino, long dev, long rdev, int nlink, int uid, int gid, long size,
    long mtimeNanos, long atimeNanos) {
  static final int STATX_BASIC_STATS = 0x7ff;
  private static final ThreadLocal<byte[]> BUF = ThreadLocal.withInitial(() -> new byte[256]);

  /**
   * The stat of {@code path} ({@code follow}: through a final symlink), or null if it or a parent is missing; when
   * following, also if the symlink leads nowhere in a loop, as a dangling one does (ELOOP).
   */
  public static StatX ofOrNull(Path path, boolean follow) throws IOException {
    byte[] buf = BUF.get();
    if (LibC.statx(Syscalls.AT_FDCWD, RawNames.cPath(path), follow ? 0 : Syscalls.AT_SYMLINK_NOFOLLOW,
        STATX_BASIC_STATS, buf) != 0) {
      int errno = LibC.lastError();
      if (errno == Errno.ENOENT || errno == Errno.ENOTDIR || follow && errno == Errno.ELOOP) {
        return null;
      }
      throw SyscallException.of("statx", RawNames.name(path), errno);
    }
    return parse(ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()));
  }

  /** The fields of a {@code struct statx} in {@code b} (native order). */
  static StatX parse(ByteBuffer b) {
    return new StatX(b.getShort(28) & 0xffff, b.getLong(32),
        Syscalls.makedev(b.getInt(136) & 0xffffffffL, b.getInt(140) & 0xffffffffL),
        Syscalls.makedev(b.getInt(128) & 0xffffffffL, b.getInt(132) & 0xffffffffL),
        b.getInt(16), b.getInt(20), b.getInt(24), b.getLong(40), nanos(b, 112), nanos(b, 64));
  }

  private static long nanos(ByteBuffer b, int at) {
    return b.getLong(at) * 1_000_000_000L + (b.getInt(at + 8) & 0xffffffffL);
  }
}
