package dev.ovl.inspect;

import dev.ovl.archive.DirSize;
import dev.ovl.driver.Layer;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A layer's {@code diff} dir as a list of entries, each classified against the lowers as added, modified or
 * deleted (whiteouts), the way overlay's native Changes reads the upper dir. Read-only.
 */
public final class DiffListing {
  private DiffListing() {}

  /** Every entry under the layer's {@code diff}, sorted by path; cancellable between entries. */
  public static List<DiffEntry> of(OverlayDriver d, String id, Progress progress, Cancel cancel) throws IOException {
    Layer layer = d.layer(id);
    LowerView lowers = LowerView.of(d, layer);
    Path root = layer.dir().resolve("diff");
    List<DiffEntry> out = new ArrayList<>();
    long[] bytes = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        cancel.check();
        if (!dir.equals(root)) {
          String rel = rel(root, dir);
          out.add(new DiffEntry(rel, DiffEntry.Type.DIR, 0, LowerView.isOpaque(dir),
              lowers.exists(rel) ? Change.MODIFIED : Change.ADDED, ""));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        cancel.check();
        String rel = rel(root, file);
        String name = RawNames.name(file.getFileName());
        if (name.equals(LowerView.OPAQUE_MARKER)) {
          return FileVisitResult.CONTINUE;
        }
        if (name.startsWith(LowerView.WH_PREFIX) && attrs.isRegularFile()) {
          String parent = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/') + 1) : "";
          out.add(new DiffEntry(parent + name.substring(LowerView.WH_PREFIX.length()), DiffEntry.Type.WHITEOUT, 0,
              false, Change.DELETED, ""));
        } else if (LowerView.isWhiteout(file)) {
          out.add(new DiffEntry(rel, DiffEntry.Type.WHITEOUT, 0, false, Change.DELETED, ""));
        } else {
          DiffEntry.Type type = type(file, attrs);
          long size = attrs.isRegularFile() ? attrs.size() : 0;
          String target = attrs.isSymbolicLink() ? RawNames.name(Files.readSymbolicLink(file)) : "";
          out.add(new DiffEntry(rel, type, size, false, lowers.exists(rel) ? Change.MODIFIED : Change.ADDED, target));
          bytes[0] += size;
        }
        progress.update(bytes[0], out.size());
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(Comparator.comparing(DiffEntry::path, RawNames::compare));
    return out;
  }

  /** The size of the layer's {@code diff} dirs as {@code ovl diff-size} counts it: each inode once. */
  public static long size(Layer layer, Cancel cancel) throws IOException {
    long total = 0;
    for (Path diff : layer.diffDirs()) {
      cancel.check();
      if (Files.isDirectory(diff, LinkOption.NOFOLLOW_LINKS)) {
        total += DirSize.of(diff);
      }
    }
    return total;
  }

  private static String rel(Path root, Path p) {
    return RawNames.name(root.relativize(p)); // a name that is not UTF-8 keeps its bytes (escaped)
  }

  private static DiffEntry.Type type(Path p, BasicFileAttributes attrs) throws IOException {
    if (attrs.isDirectory()) {
      return DiffEntry.Type.DIR;
    }
    if (attrs.isRegularFile()) {
      return DiffEntry.Type.FILE;
    }
    if (attrs.isSymbolicLink()) {
      return DiffEntry.Type.SYMLINK;
    }
    int fmt = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & Syscalls.S_IFMT;
    return fmt == Syscalls.S_IFIFO ? DiffEntry.Type.FIFO
        : fmt == Syscalls.S_IFSOCK ? DiffEntry.Type.SOCKET : DiffEntry.Type.DEVICE;
  }
}
