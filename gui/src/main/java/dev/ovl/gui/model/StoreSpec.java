package dev.ovl.gui.model;

import java.nio.file.Path;
import java.util.List;

/** Which store to open: graph root, run root, driver options, and whether actions are allowed. */
public record StoreSpec(Path root, Path runRoot, List<String> options, boolean readOnly) {
  public StoreSpec {
    root = root.toAbsolutePath().normalize();
    runRoot = runRoot.toAbsolutePath().normalize();
    options = List.copyOf(options);
  }

  /** The options the driver is opened with: read-only mode never bind-mounts the home. */
  public List<String> driverOptions() {
    if (!readOnly || options.stream().anyMatch(o -> o.contains("skip_mount_home"))) {
      return options;
    }
    List<String> all = new java.util.ArrayList<>(options);
    all.add("overlay.skip_mount_home=true");
    return all;
  }
}
