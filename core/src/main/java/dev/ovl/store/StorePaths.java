package dev.ovl.store;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a store keeps things: the driver home ({@code ROOT/overlay}), its run home, the JSON files and their
 * lock files.
 *
 * @param root the graph root
 * @param runRoot the run root
 */
public record StorePaths(Path root, Path runRoot) {
  public StorePaths {
    root = root.toAbsolutePath().normalize();
    runRoot = runRoot.toAbsolutePath().normalize();
  }

  /** {@code ROOT/overlay}: the layer dirs and {@code l/}. */
  public Path home() {
    return root.resolve("overlay");
  }

  /** {@code RUNROOT/overlay}: the cached kernel probes. */
  public Path runHome() {
    return runRoot.resolve("overlay");
  }

  public Path json(StoreFile f) {
    return switch (f) {
      case LAYERS -> root.resolve("overlay-layers/layers.json");
      case VOLATILE_LAYERS -> runRoot.resolve("overlay-layers/volatile-layers.json");
      case IMAGES -> root.resolve("overlay-images/images.json");
      case CONTAINERS -> root.resolve("overlay-containers/containers.json");
      case MOUNTPOINTS -> runRoot.resolve("overlay-layers/mountpoints.json");
    };
  }

  /** The lock file guarding {@code f}: volatile layers share {@code layers.lock}. */
  public Path lockFile(StoreFile f) {
    return switch (f) {
      case LAYERS, VOLATILE_LAYERS -> root.resolve("overlay-layers/layers.lock");
      case IMAGES -> root.resolve("overlay-images/images.lock");
      case CONTAINERS -> root.resolve("overlay-containers/containers.lock");
      case MOUNTPOINTS -> runRoot.resolve("overlay-layers/mountpoints.lock");
    };
  }

  /** Every lock file, in the order containers/storage takes them: the store, layers, images, containers, mounts. */
  public List<Path> lockFiles() {
    return List.of(root.resolve("storage.lock"), lockFile(StoreFile.LAYERS), lockFile(StoreFile.IMAGES),
        lockFile(StoreFile.CONTAINERS), lockFile(StoreFile.MOUNTPOINTS));
  }
}
