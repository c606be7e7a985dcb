package dev.ovl.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quota structs byte for byte. The expected bytes were printed by a C program compiled against this machine's
 * {@code <linux/fs.h>} and {@code <linux/dqblk_xfs.h>} (x86_64, gcc 12) filling the same fields.
 */
class QuotaStructsTest {
  @BeforeAll
  static void littleEndian() {
    assertThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void ioctlAndQuotactlNumbersAreThoseOfTheHeaders() {
    assertThat(FsXattr.FS_IOC_FSGETXATTR).isEqualTo(0x801c581fL);
    assertThat(FsXattr.FS_IOC_FSSETXATTR).isEqualTo(0x401c5820L);
    assertThat(FsXattr.FS_XFLAG_PROJINHERIT).isEqualTo(0x200);
    assertThat(FsDiskQuota.Q_XSETPQLIM).isEqualTo(0x580402);
    assertThat(FsDiskQuota.Q_XGETPQUOTA).isEqualTo(0x580302);
    assertThat(FsDiskQuota.FS_DQ_BHARD | FsDiskQuota.FS_DQ_BSOFT | FsDiskQuota.FS_DQ_IHARD | FsDiskQuota.FS_DQ_ISOFT)
        .isEqualTo(0xf);
  }

  @Test
  void fsxattrIsLaidOutAsTheKernelsStruct() {
    // xflags = PROJINHERIT|REALTIME, extsize 4096, nextents 7, projid 1330001, cowextsize 0x10203
    FsXattr a = new FsXattr(0x201, 4096, 7, 1_330_001, 0x10203);
    assertThat(HexFormat.of().formatHex(a.encode()))
        .isEqualTo("010200000010000007000000514b1400030201000000000000000000");
    assertThat(FsXattr.decode(a.encode())).isEqualTo(a);
  }

  @Test
  void withProjectSetsTheIdAndInheritanceAndKeepsTheRest() {
    FsXattr a = new FsXattr(0x1, 16, 2, 0, 0).withProject(10_000);
    assertThat(a).isEqualTo(new FsXattr(0x201, 16, 2, 10_000, 0));
  }

  @Test
  void projectLimitsAreLaidOutAsTheKernelsStruct() {
    FsDiskQuota q = FsDiskQuota.projectLimits(1_330_001, 10L << 20, 0);
    assertThat(HexFormat.of().formatHex(q.encode())).isEqualTo("01020c00514b1400" + "0050000000000000".repeat(2)
        + "00".repeat(112 - 24));
    assertThat(q.hardLimitBytes()).isEqualTo(10L << 20);
  }

  @Test
  void fieldOffsetsMatchTheHeader() {
    // offsets from offsetof(): d_id 4, d_blk_hardlimit 8, d_blk_softlimit 16, d_ino_hardlimit 24,
    // d_ino_softlimit 32, d_bcount 40, d_icount 48; sizeof 112
    FsDiskQuota q = new FsDiskQuota((byte) 1, (byte) 2, (short) 0x0f, 0x11223344, 0x0101010101010101L,
        0x0202020202020202L, 0x0303030303030303L, 0x0404040404040404L, 0x0505050505050505L, 0x0606060606060606L);
    byte[] raw = q.encode();
    assertThat(raw).hasSize(112);
    assertThat(HexFormat.of().formatHex(raw, 0, 8)).isEqualTo("01020f0044332211");
    for (int field = 1; field <= 6; field++) {
      for (int i = 0; i < 8; i++) {
        assertThat(raw[field * 8 + i]).as("byte %d", field * 8 + i).isEqualTo((byte) field);
      }
    }
    for (int i = 56; i < 112; i++) {
      assertThat(raw[i]).as("byte %d", i).isZero();
    }
  }

  @Test
  void limitsFollowTheReferencesRules() {
    FsDiskQuota none = FsDiskQuota.projectLimits(5, 0, 0);
    assertThat(none.fieldmask()).isZero();
    assertThat(none.blkHardLimit()).isZero();
    FsDiskQuota both = FsDiskQuota.projectLimits(5, 1000, 300);
    assertThat(both.fieldmask()).isEqualTo((short) 0xf);
    assertThat(both.blkHardLimit()).isEqualTo(1).isEqualTo(both.blkSoftLimit()); // 1000 / 512, rounded down
    assertThat(both.inoHardLimit()).isEqualTo(300).isEqualTo(both.inoSoftLimit());
    assertThat(both.version()).isEqualTo(FsDiskQuota.FS_DQUOT_VERSION);
    assertThat(both.flags()).isEqualTo(FsDiskQuota.FS_PROJ_QUOTA);
  }

  @Test
  void randomStructsRoundTrip() {
    Random rnd = new Random(11);
    for (int i = 0; i < 200; i++) {
      FsDiskQuota q = new FsDiskQuota((byte) rnd.nextInt(), (byte) rnd.nextInt(), (short) rnd.nextInt(),
          rnd.nextInt(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(),
          rnd.nextLong());
      assertThat(FsDiskQuota.decode(q.encode())).isEqualTo(q);
      FsXattr a = new FsXattr(rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextInt());
      assertThat(FsXattr.decode(a.encode())).isEqualTo(a);
    }
    assertThatThrownBy(() -> FsXattr.decode(new byte[27])).hasMessageContaining("28 bytes");
    assertThatThrownBy(() -> FsDiskQuota.decode(new byte[8])).hasMessageContaining("112 bytes");
  }
}
