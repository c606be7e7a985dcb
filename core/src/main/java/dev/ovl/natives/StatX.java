package dev.ovl.natives;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The statx(2) fields ovl archives and compares. Walks stat every entry, often paths that do not exist (lookups
 * in lower layers), so a miss returns null instead of raising, and nothing goes through the JDK's attribute maps.
 */
public record StatX(int mode, long ino, long dev, long rdev, int nlink, int uid, int gid, long size,
    long mtimeNanos, long atimeNanos) {
  static final int STATX_BASIC_STATS = 0x7ff;
  private static final ThreadLocal<byte[]> BUF = ThreadLocal.withInitial(() -> new byte[256]);

  /** The stat of {@code path} ({@code follow}: through a final symlink), or null if it or a parent is missing. */
  public static StatX ofOrNull(Path path, boolean follow) throws IOException {
    String p = path.toString();
    if (p.indexOf('\uFFFD') >= 0) {
      return viaJdk(path, follow); // a name that is not UTF-8: only the JDK still holds its raw bytes
    }
    byte[] buf = BUF.get();
    if (LibC.statx(Syscalls.AT_FDCWD, p, follow ? 0 : Syscalls.AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) != 0) {
      int errno = LibC.lastError();
      if (errno == Errno.ENOENT || errno == Errno.ENOTDIR) {
        return null;
      }
      throw SyscallException.of("statx", p, errno);
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

  private static StatX viaJdk(Path path, boolean follow) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime,"
          + "lastAccessTime", follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
      return new StatX((Integer) a.get("mode"), (Long) a.get("ino"), (Long) a.get("dev"), (Long) a.get("rdev"),
          (Integer) a.get("nlink"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
          ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
          ((FileTime) a.get("lastAccessTime")).to(TimeUnit.NANOSECONDS));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("Not a directory")) {
        return null;
      }
      throw SyscallException.ofJdk("statx", path, e);
    }
  }

  private static long nanos(ByteBuffer b, int at) {
    return b.getLong(at) * 1_000_000_000L + (b.getInt(at + 8) & 0xffffffffL);
  }
}
