package dev.ovl.driver;

import java.util.Map;

/** Filesystem magic numbers from statfs(2), named as containers/storage names them in Status. */
final class FsMagic {
  static final long AUFS = 0x61756673L;
  static final long ECRYPTFS = 0xf15fL;
  static final long OVERLAY = 0x794C7630L;
  static final long ZFS = 0x2fc12fc1L;
  static final long XFS = 0x58465342L;
  static final long FUSE = 0x65735546L;

  private static final Map<Long, String> NAMES = Map.ofEntries(
      Map.entry(AUFS, "aufs"),
      Map.entry(0x9123683EL, "btrfs"),
      Map.entry(0x28cd3d45L, "cramfs"),
      Map.entry(ECRYPTFS, "ecryptfs"),
      Map.entry(0xEF53L, "extfs"),
      Map.entry(0xF2F52010L, "f2fs"),
      Map.entry(0x47504653L, "gpfs"),
      Map.entry(0x72b6L, "jffs2"),
      Map.entry(0x3153464aL, "jfs"),
      Map.entry(0x6969L, "nfs"),
      Map.entry(OVERLAY, "overlayfs"),
      Map.entry(0x858458f6L, "ramfs"),
      Map.entry(0x52654973L, "reiserfs"),
      Map.entry(0x517BL, "smb"),
      Map.entry(0x73717368L, "squashfs"),
      Map.entry(0x01021994L, "tmpfs"),
      Map.entry(0xa501fcf5L, "vxfs"),
      Map.entry(XFS, "xfs"),
      Map.entry(ZFS, "zfs"));

  private FsMagic() {}

  /** The name Status shows for {@code magic}; "&lt;unknown&gt;" for one containers/storage does not name. */
  static String name(long magic) {
    return NAMES.getOrDefault(magic & 0xFFFF_FFFFL, "<unknown>");
  }

  /** True for backing filesystems that overlayfs cannot use as upper without a mount program. */
  static boolean needsMountProgram(long magic) {
    long m = magic & 0xFFFF_FFFFL;
    return m == AUFS || m == ZFS || m == OVERLAY || m == ECRYPTFS;
  }
}
