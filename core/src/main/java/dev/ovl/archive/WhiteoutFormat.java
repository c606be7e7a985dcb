package dev.ovl.archive;

/** How deletions are stored in a layer's directory. */
public enum WhiteoutFormat {
  /** Overlay: a char 0/0 device per deleted name, {@code trusted.overlay.opaque=y} on opaque dirs. */
  OVERLAY,
  /** AUFS: {@code .wh.NAME} and {@code .wh..wh..opq} files kept as they are (used with a mount program). */
  AUFS
}
