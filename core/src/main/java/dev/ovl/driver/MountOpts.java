package dev.ovl.driver;

import dev.ovl.idtools.IdMappings;
import java.util.List;

/**
 * Options for one Get: mount options (empty means the driver's {@code mountopt}), the SELinux label, and the ID
 * maps a mount program shifts by (null means the driver's).
 */
public record MountOpts(List<String> options, String mountLabel, IdMappings mappings) {
  public static final MountOpts DEFAULT = new MountOpts(List.of(), "", null);

  public MountOpts {
    options = List.copyOf(options);
    mountLabel = mountLabel == null ? "" : mountLabel;
  }

  /** Default options but read-only. */
  public static MountOpts readOnly() {
    return new MountOpts(List.of("ro"), "", null);
  }
}
