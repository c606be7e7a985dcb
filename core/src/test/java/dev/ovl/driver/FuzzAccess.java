package dev.ovl.driver;

import java.io.IOException;
import java.util.List;

/** Opens package-private parsers to the fuzz targets in another package. */
public final class FuzzAccess {
  private FuzzAccess() {}

  public static List<String> parseLower(String text) throws IOException {
    return LayerFiles.parseLower(text, "fuzz");
  }
}
