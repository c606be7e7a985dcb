package dev.ovl.natives;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A directory read in bulk with getdents64 through its own descriptor: each entry's name and d_type without a
 * Path or a stat, and its stat relative to the descriptor (no path walk from the root, no name copied).
 */
public final class DirFd implements AutoCloseable {
  public static final int DT_UNKNOWN = 0;
  public static final int DT_CHR = 2;
  public static final int DT_DIR = 4;
  private static final int BUF_SIZE = 32 << 10;
  private static final int NAME = 19; // d_ino 8, d_off 8, d_reclen 2, d_type 1
  private static final ThreadLocal<Memory> STAT = ThreadLocal.withInitial(() -> new Memory(256));

  private final int fd;
  private final byte[] path;
  /** Whether {@link #close} closes {@link #fd} and frees {@link #buf} (else both are borrowed). */
  private final boolean owned;
  private Memory buf;
  private ByteBuffer view;
  private int size;
  private int pos;
  private int end;
  private int cur;
  private boolean eof;

  private DirFd(int fd, byte[] path, boolean owned, Memory buf, ByteBuffer view) {
    this.fd = fd;
    this.path = path;
    this.owned = owned;
    this.buf = buf;
    this.size = buf == null ? BUF_SIZE : (int) buf.size();
    this.view = view;
  }

  /**
   * Reads directory {@code fd} (open, positioned at its start) into {@code buf}, seen through {@code view} (all of
   * it, native order); closing the result closes neither. {@code path} (no NUL) names it in errors.
   */
  static DirFd over(int fd, byte[] path, Memory buf, ByteBuffer view) {
    return new DirFd(fd, path, false, buf, view);
  }

  /** Opens {@code dir} (not following a final symlink). */
  public static DirFd open(Path dir) throws IOException {
    return open(RawNames.bytes(dir));
  }

  /** Opens the directory at the absolute byte path {@code path}. */
  public static DirFd open(byte[] path) throws IOException {
    byte[] z = Arrays.copyOf(path, path.length + 1);
    int fd = LibC.openat(Syscalls.AT_FDCWD, z, Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC
        | Syscalls.O_NOFOLLOW, 0);
    if (fd < 0) {
      throw SyscallException.of("open", RawNames.decode(path), LibC.lastError());
    }
    return new DirFd(fd, path, true, null, null);
  }

  /** Moves to the next entry other than "." and ".."; false at the end. */
  public boolean next() throws IOException {
    while (true) {
      if (pos >= end) {
        if (eof || !fill()) {
          return false;
        }
      }
      cur = pos;
      pos += view.getShort(cur + 16) & 0xffff;
      if (view.get(cur + NAME) == '.' && (view.get(cur + NAME + 1) == 0
          || view.get(cur + NAME + 1) == '.' && view.get(cur + NAME + 2) == 0)) {
        continue;
      }
      return true;
    }
  }

  private boolean fill() throws IOException {
    if (buf == null) {
      buf = new Memory(BUF_SIZE);
      view = buf.getByteBuffer(0, BUF_SIZE).order(ByteOrder.nativeOrder());
    }
    long n = LibC.getdents64(fd, buf, size);
    if (n < 0) {
      throw SyscallException.of("getdents64", RawNames.decode(path), LibC.lastError());
    }
    pos = 0;
    end = (int) n;
    eof = n == 0;
    return !eof;
  }

  /** The current entry's d_type ({@link #DT_UNKNOWN} when the filesystem does not say). */
  public int type() {
    return view.get(cur + 18);
  }

  /** The current entry's name, escaped where it is not UTF-8 ({@link RawNames}). */
  public String name() {
    int i = cur + NAME;
    int e = i;
    boolean ascii = true;
    while (view.get(e) != 0) {
      ascii &= view.get(e) > 0;
      e++;
    }
    if (!ascii) {
      return RawNames.decode(nameBytes());
    }
    char[] c = new char[e - i];
    for (int k = 0; k < c.length; k++) {
      c[k] = (char) view.get(i + k);
    }
    return new String(c);
  }

  /** The current entry's name as bytes. */
  public byte[] nameBytes() {
    int i = cur + NAME;
    int e = i;
    while (view.get(e) != 0) {
      e++;
    }
    byte[] b = new byte[e - i];
    view.get(i, b);
    return b;
  }

  /** The absolute byte path of the current entry. */
  public byte[] childPath() {
    byte[] n = nameBytes();
    byte[] p = Arrays.copyOf(path, path.length + 1 + n.length);
    p[path.length] = '/';
    System.arraycopy(n, 0, p, path.length + 1, n.length);
    return p;
  }

  /** lstat of the current entry, or null if it vanished. */
  public StatX lstat() throws IOException {
    Memory st = STAT.get();
    if (LibC.statx(fd, buf.share(cur + NAME), Syscalls.AT_SYMLINK_NOFOLLOW, StatX.STATX_BASIC_STATS, st) != 0) {
      int errno = LibC.lastError();
      if (errno == Errno.ENOENT || errno == Errno.ENOTDIR) {
        return null;
      }
      throw SyscallException.of("statx", RawNames.decode(childPath()), errno);
    }
    return StatX.parse(st.getByteBuffer(0, 256).order(ByteOrder.nativeOrder()));
  }

  @Override
  public void close() {
    if (!owned) {
      return;
    }
    LibC.close(fd);
    if (buf != null) {
      buf.close();
    }
  }
}
