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

  /** An entry of a directory and its d_type ({@link DirFd#DT_UNKNOWN} when the filesystem does not say). */
  record Entry(String name, int type) {}

  /** The entries of {@code dir} (not followed if it is a symlink), sorted, each name keeping its bytes. */
  static List<Entry> sortedEntries(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirFd d = DirFd.open(dir)) {
      while (d.next()) {
        entries.add(new Entry(d.name(), d.type()));
      }
    }
    entries.sort(Comparator.comparing(Entry::name, BYTE_ORDER));
    return entries;
  }

  /** The names in {@code dir}, as {@link #sortedEntries}. */
  static List<String> sortedNames(Path dir) throws IOException {
    return sortedEntries(dir).stream().map(Entry::name).toList();
  }
}
