package dev.ovl.store;

/** The JSON files of a store that ovl reads and, with --force, rewrites. */
public enum StoreFile {
  /** {@code ROOT/overlay-layers/layers.json}. */
  LAYERS,
  /** {@code RUNROOT/overlay-layers/volatile-layers.json}. */
  VOLATILE_LAYERS,
  /** {@code ROOT/overlay-images/images.json}. */
  IMAGES,
  /** {@code ROOT/overlay-containers/containers.json}. */
  CONTAINERS,
  /** {@code RUNROOT/overlay-layers/mountpoints.json}. */
  MOUNTPOINTS
}
