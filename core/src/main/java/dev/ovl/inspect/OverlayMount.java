package dev.ovl.inspect;

import dev.ovl.driver.OverlayDriver;
import dev.ovl.natives.MountInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One overlay mount of this home, from mountinfo.
 *
 * @param layer the layer whose {@code merged} dir it is, or null for any other mount point under the home
 * @param refCount the driver's count of users (corrected against the kernel)
 * @param options the per-mount options; {@code superOptions} carry lowerdir, upperdir and workdir
 */
public record OverlayMount(String layer, Path mountPoint, String fsType, int refCount, String options,
    String superOptions) {

  /** The overlay (and FUSE mount program) mounts under the driver's home, in mountinfo order. */
  public static List<OverlayMount> list(OverlayDriver d) throws IOException {
    List<OverlayMount> out = new ArrayList<>();
    for (MountInfo m : MountInfo.read()) {
      if (!m.mountPoint().startsWith(d.home()) || m.mountPoint().equals(d.home())) {
        continue;
      }
      if (!m.fsType().equals("overlay") && !m.fsType().startsWith("fuse")) {
        continue;
      }
      Path rel = d.home().relativize(m.mountPoint());
      String layer = rel.getNameCount() == 2 && rel.getName(1).toString().equals("merged")
          ? rel.getName(0).toString() : null;
      int refs = layer != null && d.exists(layer) ? d.mountCount(layer) : 0;
      out.add(new OverlayMount(layer, m.mountPoint(), m.fsType(), refs, m.options(), m.superOptions()));
    }
    return out;
  }

  /** The number of lower dirs in the super options. */
  public int lowerCount() {
    String lower = superOptions.contains("lowerdir=")
        ? superOptions.substring(superOptions.indexOf("lowerdir=") + 9).split(",", 2)[0] : "";
    return lower.isEmpty() ? 0 : lower.split(":").length;
  }
}
