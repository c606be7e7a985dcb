package dev.ovl.driver;

import dev.ovl.work.Text;
import java.util.Set;

/** Validation of layer ids, which become directory names under the home. */
public final class LayerIds {
  /** Names the driver keeps for itself under the home; a layer may not take them. */
  static final Set<String> RESERVED = Set.of("l", "staging", "tempdirs", ".has-mount-program");

  private LayerIds() {}

  /** Throws IllegalArgumentException unless {@code id} is a plain, non-reserved directory name. */
  public static String check(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("invalid layer id: empty");
    }
    if (id.indexOf('/') >= 0 || id.indexOf('\0') >= 0 || id.equals(".") || id.equals("..")) {
      throw new IllegalArgumentException("invalid layer id " + Text.quote(id) + ": must be a plain name");
    }
    if (RESERVED.contains(id)) {
      throw new IllegalArgumentException("invalid layer id " + Text.quote(id) + ": reserved by the driver");
    }
    if (id.length() > 255) {
      throw new IllegalArgumentException("invalid layer id: longer than 255 bytes");
    }
    return id;
  }
}
