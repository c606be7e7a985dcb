package dev.ovl.inspect;

import dev.ovl.driver.Layer;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.RawNames;
import dev.ovl.work.Cancel;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many entries rotating a layer's ID maps would chown: the layer's merged view (its diff over its lowers,
 * whiteouts and opaque dirs applied) is walked without mounting, and each owner is mapped from {@code from} into
 * the container and out through {@code to}. Read-only.
 *
 * @param entries entries in the merged view, its root included
 * @param changed entries whose owner the rotation changes
 */
public record IdMapPreview(long entries, long changed) {
  private static final long OVERFLOW = 65534;

  /** Counts the entries of {@code id}'s merged view and those whose owner would change. */
  public static IdMapPreview of(OverlayDriver d, String id, IdMappings from, IdMappings to, Cancel cancel)
      throws IOException {
    Layer layer = d.layer(id);
    List<Path> levels = new ArrayList<>(List.of(layer.dir().resolve("diff")));
    levels.addAll(layer.diffDirs().subList(1, layer.diffDirs().size()));
    for (String entry : layer.lowers()) {
      Path link = d.home().resolve(entry);
      try {
        Path diff = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        levels.add(diff);
      } catch (IOException e) {
        throw new IOException("cannot preview: lower " + entry + " of layer " + id + " does not resolve; "
            + "recreate the missing links first");
      }
    }
    long[] counts = {1, changes(levels.get(0), from, to) ? 1 : 0};
    Set<String> seen = new HashSet<>();
    Set<String> whitedOut = new HashSet<>();
    Set<String> opaque = new HashSet<>();
    for (Path level : levels) {
      if (Files.isDirectory(level)) {
        Set<String> newWhiteouts = new HashSet<>();
        Set<String> newOpaque = new HashSet<>();
        new Walk(seen, whitedOut, opaque, newWhiteouts, newOpaque, from, to, counts, cancel).dir(level, "");
        whitedOut.addAll(newWhiteouts);
        opaque.addAll(newOpaque);
      }
    }
    return new IdMapPreview(counts[0], counts[1]);
  }

  /** One level of the view: what nearer levels hid is skipped; what this level hides applies to the next. */
  private record Walk(Set<String> seen, Set<String> whitedOut, Set<String> opaque, Set<String> newWhiteouts,
      Set<String> newOpaque, IdMappings from, IdMappings to, long[] counts, Cancel cancel) {

    void dir(Path dir, String rel) throws IOException {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        ds.forEach(children::add);
      }
      for (Path p : children) {
        cancel.check();
        String name = RawNames.name(p.getFileName()); // two names that are not UTF-8 stay apart
        String path = rel.isEmpty() ? name : rel + "/" + name;
        if (name.equals(LowerView.OPAQUE_MARKER)) {
          newOpaque.add(rel);
          continue;
        }
        if (name.startsWith(LowerView.WH_PREFIX)) {
          newWhiteouts.add((rel.isEmpty() ? "" : rel + "/") + name.substring(LowerView.WH_PREFIX.length()));
          continue;
        }
        if (LowerView.isWhiteout(p)) {
          newWhiteouts.add(path);
          continue;
        }
        if (hidden(path)) {
          continue;
        }
        if (seen.add(path)) {
          counts[0]++;
          if (changes(p, from, to)) {
            counts[1]++;
          }
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          if (LowerView.isOpaque(p)) {
            newOpaque.add(path);
          }
          dir(p, path);
        }
      }
    }

    /** Whited out itself or below a whited-out dir, or below an opaque dir of a nearer level. */
    private boolean hidden(String path) {
      if (whitedOut.contains(path)) {
        return true;
      }
      for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
        String prefix = path.substring(0, i);
        if (whitedOut.contains(prefix) || opaque.contains(prefix)) {
          return true;
        }
      }
      return opaque.contains("");
    }
  }

  /** True if the rotation changes the owner of {@code p} (the merged root counts as its upper diff). */
  private static boolean changes(Path p, IdMappings from, IdMappings to) throws IOException {
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    return map(uid, from, to, true) != uid || map(gid, from, to, false) != gid;
  }

  /** Host ID → container through {@code from} → host through {@code to}; unmapped ends as the overflow ID. */
  static long map(long id, IdMappings from, IdMappings to, boolean uid) {
    long c;
    try {
      c = uid ? from.uidToContainer(id) : from.gidToContainer(id);
    } catch (IllegalArgumentException e) {
      c = 0;
    }
    try {
      return uid ? to.uidToHost(c) : to.gidToHost(c);
    } catch (IllegalArgumentException e) {
      return OVERFLOW;
    }
  }
}
