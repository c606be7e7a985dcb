package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tar names are cleaned as Go's filepath.Clean does, and a name that climbs out of the target is refused. */
class CleanNameTest {
  private static final String[] PARTS = {"a", "b", "etc", ".", "..", "", ".x", "..y", "x."};

  @Test
  void agreesWithASegmentBySegmentCleanOnRandomNames() {
    Random rnd = new Random(42);
    TarEntry e = new TarEntry();
    for (int round = 0; round < 20000; round++) {
      StringBuilder name = new StringBuilder(rnd.nextInt(4) == 0 ? "/" : rnd.nextInt(3) == 0 ? "./" : "");
      int n = 1 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        name.append(PARTS[rnd.nextInt(PARTS.length)]);
        if (i < n - 1 || rnd.nextBoolean()) {
          name.append('/');
        }
      }
      String what = rnd.nextBoolean() ? "name" : "hardlink target";
      String want = reference(name.toString(), what);
      String got;
      try {
        got = TargetPaths.clean(e, name.toString(), what);
      } catch (UnsafeEntryException x) {
        got = null;
      }
      assertThat(got).as("clean(%s, %s)", name, what).isEqualTo(want);
    }
  }

  /** Null where the name climbs out; an absolute entry name stops at the root. */
  private static String reference(String name, String what) {
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (String p : name.split("/", -1)) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (!p.equals("..")) {
        parts.addLast(p);
      } else if (!parts.isEmpty()) {
        parts.removeLast();
      } else if (!(what.equals("name") && name.startsWith("/"))) {
        return null;
      }
    }
    return String.join("/", parts);
  }
}
