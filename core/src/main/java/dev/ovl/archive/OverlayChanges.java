package dev.ovl.archive;

import dev.ovl.natives.DirFd;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Go's OverlayChanges: the changes of an overlay upper dir against its lowers, in walk order. Unlike Go 1.43, a
 * path under a lower non-directory (a file that became a directory) counts as absent there instead of failing.
 */
final class OverlayChanges {
  private final List<Path> lowers;
  private final Path upper;
  private final Cancel cancel;
  private final Progress progress;
  private final List<Change> changes = new ArrayList<>();
  private final Set<String> changedDirs = new HashSet<>();
  private final Map<Path, Map<String, Boolean>> hidden = new HashMap<>();

  private OverlayChanges(List<Path> lowers, Path upper, Progress progress, Cancel cancel) {
    this.lowers = lowers;
    this.upper = upper;
    this.progress = progress;
    this.cancel = cancel;
  }

  static List<Change> of(List<Path> lowers, Path upper, Progress progress, Cancel cancel) throws IOException {
    OverlayChanges c = new OverlayChanges(List.copyOf(lowers), upper, progress, cancel);
    c.walk("");
    return c.changes;
  }

  private void walk(String dirRel) throws IOException {
    Path dir = RawNames.resolve(upper, dirRel);
    // only directories and char devices (whiteouts) need the upper entry's stat
    for (Tree.Entry e : Tree.sortedEntries(dir)) {
      cancel.check();
      String rel = dirRel.isEmpty() ? e.name() : dirRel + "/" + e.name();
      FileStat f = null;
      if (e.type() == DirFd.DT_DIR || e.type() == DirFd.DT_CHR || e.type() == DirFd.DT_UNKNOWN) {
        f = FileStat.lstatOrNull(RawNames.resolve(upper, rel));
        if (f == null) {
          continue;
        }
      }
      visit(rel, f);
      progress.update(0, changes.size());
      if (f != null && f.isDir()) {
        walk(rel);
      }
    }
  }

  /** Records the change of {@code rel}; {@code f} is its lstat, or null for a plain non-directory. */
  private void visit(String rel, FileStat f) throws IOException {
    String path = "/" + rel;
    Change.Kind kind;
    if (deleted(rel, f)) {
      kind = Change.Kind.DELETE;
    } else {
      kind = Change.Kind.ADD;
      scan:
      for (Path layer : lowers) {
        FileStat st = FileStat.statOrNull(RawNames.resolve(layer, rel));
        if (st != null && st.isWhiteout() || hiddenDir(layer, TargetPaths.parentOf(rel))) {
          break scan;
        }
        if (st != null) {
          if (st.isDir() && f != null && f.isDir() && st.size() == f.size() && st.mode() == f.mode()
              && sameTime(st.mtimeNanos(), f.mtimeNanos())) {
            return;
          }
          kind = Change.Kind.MODIFY;
          break;
        }
      }
    }
    if (f != null && f.isDir()) {
      changedDirs.add(path);
    }
    if (kind != Change.Kind.MODIFY) {
      List<Change> tail = new ArrayList<>();
      for (String d = TargetPaths.parentOf(rel); !d.isEmpty(); d = TargetPaths.parentOf(d)) {
        if (changedDirs.add("/" + d)) {
          tail.add(0, new Change("/" + d, Change.Kind.MODIFY));
        }
      }
      changes.addAll(tail);
    }
    changes.add(new Change(path, kind));
  }

  private boolean deleted(String rel, FileStat f) throws IOException {
    if (f == null) {
      return false;
    }
    if (f.isWhiteout()) {
      return true;
    }
    if (!f.isDir() || lowers.isEmpty()) {
      return false;
    }
    Optional<byte[]> v = Syscalls.lgetxattr(RawNames.resolve(upper, rel), TarApply.OPAQUE_XATTR);
    if (v.isEmpty() || v.get().length != 1 || v.get()[0] != 'y') {
      return false;
    }
    for (Path layer : lowers) {
      FileStat st = FileStat.statOrNull(RawNames.resolve(layer, rel));
      if (st != null) {
        return !st.isWhiteout();
      }
      if (hiddenDir(layer, TargetPaths.parentOf(rel))) {
        return false;
      }
    }
    return false;
  }

  /** Whether {@code dir} or a dir above it is a whiteout in {@code layer}; remembered, siblings ask the same. */
  private boolean hiddenDir(Path layer, String dir) throws IOException {
    if (dir.isEmpty()) {
      return false;
    }
    Map<String, Boolean> known = hidden.computeIfAbsent(layer, l -> new HashMap<>());
    Boolean h = known.get(dir);
    if (h == null) {
      h = whiteoutAt(layer, dir) || hiddenDir(layer, TargetPaths.parentOf(dir));
      known.put(dir, h);
    }
    return h;
  }

  private static boolean whiteoutAt(Path layer, String rel) throws IOException {
    FileStat st = FileStat.statOrNull(RawNames.resolve(layer, rel));
    return st != null && st.isWhiteout();
  }

  /** Go's sameFsTime: equal, or the same second with one side lacking nanoseconds. */
  static boolean sameTime(long a, long b) {
    return a == b || (Math.floorDiv(a, 1_000_000_000L) == Math.floorDiv(b, 1_000_000_000L)
        && (Math.floorMod(a, 1_000_000_000L) == 0 || Math.floorMod(b, 1_000_000_000L) == 0));
  }
}
