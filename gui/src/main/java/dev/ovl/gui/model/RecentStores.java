package dev.ovl.gui.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The last few stores opened, newest first, kept in the user's Java preferences. */
public final class RecentStores {
  private static final int MAX = 8;
  private static final String KEY = "recent";
  private final Preferences prefs;

  private RecentStores(Preferences prefs) {
    this.prefs = prefs;
  }

  /** The user's list; {@code -Dovl.gui.prefs=NODE} picks another node (tests use their own). */
  public static RecentStores user() {
    return new RecentStores(Preferences.userRoot().node(System.getProperty("ovl.gui.prefs", "dev/ovl/gui")));
  }

  /** Each entry: root, then run root, separated by a tab. */
  public List<Path[]> list() {
    List<Path[]> out = new ArrayList<>();
    for (String line : prefs.get(KEY, "").split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 2 && !f[0].isBlank()) {
        out.add(new Path[] {Path.of(f[0]), Path.of(f[1])});
      }
    }
    return out;
  }

  /** Puts the store first, dropping an older entry for the same root. */
  public void add(Path root, Path runRoot) {
    List<String> lines = new ArrayList<>();
    lines.add(root + "\t" + runRoot);
    for (Path[] p : list()) {
      if (!p[0].equals(root) && lines.size() < MAX) {
        lines.add(p[0] + "\t" + p[1]);
      }
    }
    prefs.put(KEY, String.join("\n", lines));
  }
}
