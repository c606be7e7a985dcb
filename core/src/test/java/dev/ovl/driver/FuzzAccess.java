package dev.ovl.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens package-private parsers to the fuzz targets in another package. */
public final class FuzzAccess {
  private FuzzAccess() {}

  public static List<String> parseLower(String text) throws IOException {
    return LayerFiles.parseLower(text, "fuzz");
  }

  public static Optional<String> readLink(Path layerDir) throws IOException {
    return LayerFiles.readLinkFile(layerDir, "fuzz");
  }
}
