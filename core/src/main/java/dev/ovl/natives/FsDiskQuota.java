package dev.ovl.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code fs_disk_quota_t} of {@code <linux/dqblk_xfs.h>} (112 bytes), the argument of quotactl Q_XSETPQLIM and
 * Q_XGETPQUOTA. Limits are in 512-byte basic blocks. The timer, warning and realtime fields are not used by ovl:
 * they are written as zero and read back only as the usage counts.
 */
public record FsDiskQuota(byte version, byte flags, short fieldmask, int id, long blkHardLimit, long blkSoftLimit,
    long inoHardLimit, long inoSoftLimit, long bcount, long icount) {
  public static final int SIZE = 112;
  public static final byte FS_DQUOT_VERSION = 1;
  public static final byte FS_PROJ_QUOTA = 2;
  public static final short FS_DQ_ISOFT = 1;
  public static final short FS_DQ_IHARD = 2;
  public static final short FS_DQ_BSOFT = 4;
  public static final short FS_DQ_BHARD = 8;
  /** {@code QCMD(Q_XSETQLIM, PRJQUOTA)}. */
  public static final int Q_XSETPQLIM = ('X' << 8 | 4) << 8 | 2;
  /** {@code QCMD(Q_XGETQUOTA, PRJQUOTA)}. */
  public static final int Q_XGETPQUOTA = ('X' << 8 | 3) << 8 | 2;

  /**
   * The limits the reference sets for a project: hard = soft = {@code bytes / 512} blocks if bytes &gt; 0, and
   * hard = soft = {@code inodes} if inodes &gt; 0; a zero limit is left out of the field mask.
   */
  public static FsDiskQuota projectLimits(int projectId, long bytes, long inodes) {
    short mask = 0;
    long blocks = 0;
    if (bytes > 0) {
      mask |= FS_DQ_BHARD | FS_DQ_BSOFT;
      blocks = Long.divideUnsigned(bytes, 512);
    }
    if (inodes > 0) {
      mask |= FS_DQ_IHARD | FS_DQ_ISOFT;
    }
    long ino = Math.max(inodes, 0);
    return new FsDiskQuota(FS_DQUOT_VERSION, FS_PROJ_QUOTA, mask, projectId, blocks, blocks, ino, ino, 0, 0);
  }

  /** The native (LP64, native byte order) bytes of the struct. */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
    b.put(0, version).put(1, flags).putShort(2, fieldmask).putInt(4, id);
    b.putLong(8, blkHardLimit).putLong(16, blkSoftLimit).putLong(24, inoHardLimit).putLong(32, inoSoftLimit);
    b.putLong(40, bcount).putLong(48, icount);
    return b.array();
  }

  public static FsDiskQuota decode(byte[] raw) {
    if (raw.length != SIZE) {
      throw new IllegalArgumentException("fs_disk_quota_t is " + SIZE + " bytes, got " + raw.length);
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    return new FsDiskQuota(b.get(0), b.get(1), b.getShort(2), b.getInt(4), b.getLong(8), b.getLong(16),
        b.getLong(24), b.getLong(32), b.getLong(40), b.getLong(48));
  }

  /** The hard block limit in bytes, as the reference's GetQuota reports it. */
  public long hardLimitBytes() {
    return blkHardLimit * 512;
  }
}
