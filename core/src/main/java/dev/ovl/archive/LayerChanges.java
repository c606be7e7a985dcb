package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.RawNames;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The changes of a layer: from an overlay upper dir and its lowers, or naively by comparing two trees. */
public final class LayerChanges {
  private LayerChanges() {}

  /** Go's OverlayChanges: {@code upper} against {@code lowers} (nearest first), in walk order. */
  public static List<Change> overlay(List<Path> lowers, Path upper, Progress progress, Cancel cancel)
      throws IOException {
    return OverlayChanges.of(lowers, upper, progress, cancel);
  }

  /** Go's ChangesDirs: {@code newDir} against {@code oldDir} (null for none: all added). */
  public static List<Change> naive(Path newDir, IdMappings newMap, Path oldDir, IdMappings oldMap,
      Progress progress, Cancel cancel) throws IOException {
    return TreeChanges.of(newDir, newMap, oldDir, oldMap, progress, cancel);
  }

  /** Go's ChangesSize: the sizes of added and modified non-directories under {@code dir}, hard links once. */
  public static long size(Path dir, List<Change> changes) throws IOException {
    long size = 0;
    Set<Long> inodes = new HashSet<>();
    for (Change c : changes) {
      if (c.kind() == Change.Kind.DELETE) {
        continue;
      }
      FileStat st = FileStat.lstatOrNull(RawNames.resolve(dir, c.path().substring(1)));
      if (st == null || st.isDir()) {
        continue;
      }
      if (st.nlink() <= 1 || inodes.add(st.ino())) {
        size += st.size();
      }
    }
    return size;
  }
}
