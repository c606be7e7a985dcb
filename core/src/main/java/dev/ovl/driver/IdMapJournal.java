package dev.ovl.driver;

import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What update-id-map needs to undo or finish after a kill. Before the chown, {@code idmap.journal} records owner and
 * mode of every entry of {@code diff}; undoing deletes what the chown copied up and gives recorded entries their
 * owner back. Before the rotation, {@code idmap.rotate} records how many diff dirs there were; finishing redoes the
 * missing renames and makes the fresh {@code diff} and {@code work}.
 */
final class IdMapJournal {
  static final String JOURNAL = "idmap.journal";
  static final String ROTATE = "idmap.rotate";

  private record Entry(int uid, int gid, int mode) {}

  private IdMapJournal() {}

  /** Records every entry of {@code diff} in {@code dir/idmap.journal}, fsynced. */
  static void begin(Path dir, Path diff) throws IOException {
    StringBuilder b = new StringBuilder();
    try (var w = Files.walk(diff)) {
      for (Path p : w.toList()) {
        Map<String, Object> st = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        b.append(st.get("uid")).append(':').append(st.get("gid")).append(':').append((Integer) st.get("mode") & 07777)
            .append('\0')
            .append(diff.relativize(p)).append('\0');
      }
    }
    Dirs.writeAtomic(dir.resolve(JOURNAL), b.toString().getBytes(StandardCharsets.UTF_8), 0600);
  }

  /** Puts {@code diff} back as the journal recorded it, then drops the journal; false if there was none. */
  static boolean undo(Path dir, Path diff) throws IOException {
    Path j = dir.resolve(JOURNAL);
    if (!Files.exists(j)) {
      return false;
    }
    String[] parts = Files.readString(j).split("\0", -1);
    Map<String, Entry> recorded = new HashMap<>();
    for (int i = 0; i + 1 < parts.length; i += 2) {
      String[] o = parts[i].split(":");
      recorded.put(parts[i + 1], new Entry(Integer.parseInt(o[0]), Integer.parseInt(o[1]), Integer.parseInt(o[2])));
    }
    List<Path> all;
    try (var w = Files.walk(diff)) {
      all = new ArrayList<>(w.toList());
    }
    all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path p : all) {
      Entry e = recorded.get(diff.relativize(p).toString());
      if (e == null) {
        Dirs.ensureRemoveAll(p);
        continue;
      }
      Syscalls.lchown(p, e.uid(), e.gid());
      if (!Files.isSymbolicLink(p)) {
        Syscalls.chmod(p, e.mode());
      }
    }
    Files.delete(j);
    Syscalls.fsync(dir);
    return true;
  }

  /** Records that {@code count} diff dirs ({@code diff}, {@code diff1}...) move up by one; the new diff gets perms. */
  static void rotating(Path dir, int count, int perms) throws IOException {
    Dirs.writeAtomic(dir.resolve(ROTATE), (count + ":" + perms).getBytes(StandardCharsets.UTF_8), 0600);
    Files.deleteIfExists(dir.resolve(JOURNAL));
  }

  /** The diff count and new diff's perms of an interrupted rotation, or null if none was under way. */
  static int[] pendingRotation(Path dir) throws IOException {
    String s = Dirs.readOrNull(dir.resolve(ROTATE));
    if (s == null) {
      return null;
    }
    String[] p = s.strip().split(":");
    return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
  }

  static void done(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(JOURNAL));
    Files.deleteIfExists(dir.resolve(ROTATE));
    Syscalls.fsync(dir);
  }
}
