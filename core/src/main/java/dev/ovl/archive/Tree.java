package dev.ovl.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Directory listing in Go's order: names compared as UTF-8 bytes, which is code point order. */
final class Tree {
  static final Comparator<String> BYTE_ORDER = Tree::compareCodePoints;

  private Tree() {}

  static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (var s = Files.newDirectoryStream(dir)) {
      s.forEach(c -> names.add(c.getFileName().toString()));
    }
    names.sort(BYTE_ORDER);
    return names;
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
