package dev.ovl.archive;

import dev.ovl.natives.DirFd;
import dev.ovl.natives.RawNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Directory listing in Go's order: names compared as their bytes ({@link RawNames}). */
final class Tree {
  static final Comparator<String> BYTE_ORDER = RawNames::compare;

  private Tree() {}

  /** The names in {@code dir} (not followed if it is a symlink), sorted, each keeping its bytes. */
  static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirFd d = DirFd.open(dir)) {
      while (d.next()) {
        names.add(d.name());
      }
    }
    names.sort(BYTE_ORDER);
    return names;
  }
}
