package dev.ovl.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fsxattr} of {@code <linux/fs.h>} (28 bytes), read and written with FS_IOC_FSGETXATTR and
 * FS_IOC_FSSETXATTR. Only the project id and the PROJINHERIT flag matter to ovl; the other fields round-trip.
 */
public record FsXattr(int xflags, int extsize, int nextents, int projid, int cowextsize) {
  public static final int SIZE = 28;
  /** New files and directories below inherit the project id. */
  public static final int FS_XFLAG_PROJINHERIT = 0x200;
  /** {@code _IOR('X', 31, struct fsxattr)}. */
  public static final long FS_IOC_FSGETXATTR = ioc(2, 31);
  /** {@code _IOW('X', 32, struct fsxattr)}. */
  public static final long FS_IOC_FSSETXATTR = ioc(1, 32);

  private static long ioc(int dir, int nr) {
    return ((long) dir << 30) | ((long) SIZE << 16) | ('X' << 8) | nr;
  }

  /** A copy with {@code id} as project id and PROJINHERIT set, as the reference's setProjectID does. */
  public FsXattr withProject(int id) {
    return new FsXattr(xflags | FS_XFLAG_PROJINHERIT, extsize, nextents, id, cowextsize);
  }

  /** The native (LP64, native byte order) bytes of the struct; the 8 pad bytes are zero. */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
    b.putInt(0, xflags).putInt(4, extsize).putInt(8, nextents).putInt(12, projid).putInt(16, cowextsize);
    return b.array();
  }

  public static FsXattr decode(byte[] raw) {
    if (raw.length != SIZE) {
      throw new IllegalArgumentException("struct fsxattr is " + SIZE + " bytes, got " + raw.length);
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    return new FsXattr(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16));
  }
}
