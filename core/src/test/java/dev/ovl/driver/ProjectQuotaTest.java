package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.GoStorage;
import dev.ovl.natives.FsXattr;
import dev.ovl.natives.MountInfo;
import dev.ovl.natives.Syscalls;
import dev.ovl.natives.XfsQuota;
import dev.ovl.testing.LoopFs;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * XFS project quota as far as this kernel allows (its XFS has no quota support): detection, the reference's
 * errors, project ids set and inherited through the real ioctl, and the id allocation. Quota limits themselves
 * are not exercised: see docs/QUOTA.md.
 */
class ProjectQuotaTest {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  @Test
  void uniqueProjectIdIsTheReferencesFormulaInUint64() {
    // 1330000 is the id the Go peer named on this machine for a home with inode 132
    assertThat(ProjectQuota.uniqueProjectId(132)).isEqualTo(1_330_000L);
    assertThat(ProjectQuota.uniqueProjectId(0)).isEqualTo(10_000L);
    Random rnd = new Random(3);
    BigInteger range = BigInteger.valueOf(0xFFFF_FFFFL - 10_000);
    for (int i = 0; i < 1000; i++) {
      long ino = i < 500 ? rnd.nextInt(Integer.MAX_VALUE) : rnd.nextLong();
      BigInteger product = new BigInteger(Long.toUnsignedString(ino)).multiply(BigInteger.valueOf(10_000)).mod(TWO_64);
      long expected = product.mod(range).longValue() + 10_000;
      assertThat(ProjectQuota.uniqueProjectId(ino)).as("inode %s", Long.toUnsignedString(ino)).isEqualTo(expected)
          .isBetween(10_000L, 0xFFFF_FFFFL);
    }
  }

  @Test
  void projectIdsAreSetInheritedAndAllocatedAboveTheHighestInTheHome() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("projid"); LoopFs xfs = LoopFs.create(s, "xfs", 300)) {
      Path home = Files.createDirectories(xfs.path().resolve("home"));
      assertThat(ProjectQuota.projectId(home)).isZero();
      Path a = Files.createDirectory(home.resolve("a"));
      Path b = Files.createDirectory(home.resolve("b"));
      Files.createDirectory(home.resolve("plain"));
      Files.writeString(home.resolve("file"), "not a dir");
      ProjectQuota.assignProjectId(a, 10_005);
      ProjectQuota.assignProjectId(b, 10_002);
      FsXattr attr = XfsQuota.fsGetXattr(a);
      assertThat(attr.projid()).isEqualTo(10_005);
      assertThat(attr.xflags() & FsXattr.FS_XFLAG_PROJINHERIT).isNotZero();
      Path inherited = Files.createDirectories(a.resolve("diff/sub"));
      Files.writeString(inherited.resolve("f"), "x");
      assertThat(ProjectQuota.projectId(inherited)).isEqualTo(10_005);

      Map<Path, Long> owners = new HashMap<>();
      assertThat(ProjectQuota.nextFreeId(home, 10_001, owners)).isEqualTo(10_006);
      assertThat(owners).containsExactlyInAnyOrderEntriesOf(Map.of(a, 10_005L, b, 10_002L));
      assertThat(ProjectQuota.nextFreeId(home, 20_000, new HashMap<>())).isEqualTo(20_000);
      ProjectQuota.assignProjectId(b, 0xFFFF_0000L);
      assertThat(ProjectQuota.projectId(b)).isEqualTo(0xFFFF_0000L);
      assertThat(ProjectQuota.nextFreeId(home, 1, new HashMap<>())).isEqualTo(0xFFFF_0001L);
    }
  }

  @Test
  void xfsHomeIsDetectedAndSizeWithoutQuotaGivesTheReferencesError() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("xfs-home"); LoopFs xfs = LoopFs.create(s, "xfs", 300)) {
      Path root = Files.createDirectories(xfs.path().resolve("root"));
      Path run = Files.createDirectories(xfs.path().resolve("run"));
      Path home = root.resolve("overlay");
      try (OverlayDriver d = OverlayDriver.init(home, run.resolve("overlay"), List.of(), IdMappings.IDENTITY)) {
        assertThat(d.status().get(0)).isEqualTo(new StatusRow("Backing Filesystem", "xfs"));
        assertThat(d.projectQuotaSupported()).isFalse();
        Path dev = home.resolve(ProjectQuota.BACKING_DEV);
        assertThat((Integer) Files.getAttribute(dev, "unix:mode") & Syscalls.S_IFMT).isEqualTo(Syscalls.S_IFBLK);
        assertThat(Files.getAttribute(dev, "unix:rdev")).isEqualTo(Files.getAttribute(home, "unix:dev"));
        assertThatThrownBy(() -> d.createReadWrite("rw", null, new CreateOpts(null, Map.of("size", "10M"))))
            .hasMessage("--storage-opt is supported only for overlay over xfs with 'pquota' mount option");
        assertThatThrownBy(() -> d.create("ro", null, new CreateOpts(null, Map.of("size", "10M"))))
            .hasMessage("--storage-opt size is only supported for ReadWrite Layers");
        d.createReadWrite("rw", null, CreateOpts.DEFAULT);
        assertThat(d.listLayers()).containsExactly("rw");
      }
      long projid = ProjectQuota.uniqueProjectId((Long) Files.getAttribute(home, "unix:ino"));
      String prefix = "Storage option overlay.size not supported. Filesystem does not support Project Quota: ";
      String cause = "failed to set quota limit for projid " + projid + " on " + home.resolve("backingFsBlockDev");
      assertThatThrownBy(() -> OverlayDriver.init(home, run.resolve("overlay"), List.of("overlay.size=10M"),
          IdMappings.IDENTITY)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(prefix + cause);
      assertThat(MountInfo.isMountPoint(home)).as("home left mounted after a failed init").isFalse();

      String ovl = messageOf(() -> OverlayDriver.init(home, run.resolve("overlay"), List.of("overlay.size=10M"),
          IdMappings.IDENTITY));
      String go = messageOf(() -> GoStorage.on(root, run, "size=10M").layers());
      // 1.43 words the prefix differently (it added overlay.inodes); the cause must be the same
      assertThat(go).contains("Filesystem does not support Project Quota: " + ovl.substring(prefix.length()));
    }
  }

  @Test
  void sizeOnExt4GivesTheReferencesError() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("ext4-home"); LoopFs ext4 = LoopFs.create(s, "ext4", 64)) {
      Path root = Files.createDirectories(ext4.path().resolve("root"));
      assertThatThrownBy(() -> OverlayDriver.init(root.resolve("overlay"), ext4.path().resolve("run/overlay"),
          List.of("overlay.size=10M"), IdMappings.IDENTITY))
          .hasMessage("Storage option overlay.size only supported for backingFS XFS. Found extfs");
      assertThat(MountInfo.isMountPoint(root.resolve("overlay"))).isFalse();
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static String messageOf(Call c) {
    try {
      c.run();
    } catch (Exception e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
