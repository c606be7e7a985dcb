package dev.ovl.gui.model;

import java.util.Locale;

/** Byte counts for people. */
public final class Sizes {
  private Sizes() {}

  /** 0 B, 512 B, 4.0 KiB, 1.5 MiB ... */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
