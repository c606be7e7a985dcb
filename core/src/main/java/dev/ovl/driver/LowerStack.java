package dev.ovl.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lower dirs of one mount, top first: the layer's own {@code diffN} dirs, then each lower's link followed by
 * that lower's {@code diffN} dirs. {@code absolute} is what mount data carries; {@code relative} is the same stack
 * relative to the home (absolute for lowers from an image store). {@code perms} is the mode for a recreated
 * {@code diff}.
 */
record LowerStack(List<String> absolute, List<String> relative, int perms) {

  static LowerStack build(OverlayDriver d, String id, Path dir, List<String> entries) throws IOException {
    List<String> abs = new ArrayList<>();
    List<String> rel = new ArrayList<>();
    Integer perms = null;
    String link = ownLink(d, id, dir);
    for (int n = 1; Files.isDirectory(dir.resolve("diff" + n)); n++) {
      if (perms == null) {
        perms = Dirs.permBits(dir.resolve("diff" + n));
      }
      abs.add(dir.resolve("diff" + n).toString());
      rel.add(OverlayDriver.LINK_DIR + "/" + link + "/../diff" + n);
    }
    for (String entry : entries) {
      LowerLinks.Resolved lower = d.resolveLowerLink(entry);
      if (perms == null) {
        perms = Dirs.permBits(lower.diff());
      }
      abs.add(lower.link().toString());
      rel.add(lower.inHome() ? entry : lower.link().toString());
      Path layerDir = lower.diff().getParent();
      for (int n = 1; Files.isDirectory(layerDir.resolve("diff" + n)); n++) {
        abs.add(lower.link() + "/../diff" + n);
        rel.add((lower.inHome() ? entry : lower.link().toString()) + "/../diff" + n);
      }
    }
    if (abs.isEmpty()) {
      abs.add(dir.resolve("empty").toString());
      rel.add(id + "/empty");
    }
    int mode = perms != null ? perms : d.options().forceMask().orElse(OverlayDriver.DEFAULT_PERMS);
    return new LowerStack(List.copyOf(abs), List.copyOf(rel), mode);
  }

  /** The layer's own link name; a lost {@code link} file is rebuilt from {@code l/}, a lost link from it. */
  private static String ownLink(OverlayDriver d, String id, Path dir) throws IOException {
    Optional<String> found = LayerFiles.readLinkFile(dir, id);
    if (found.isEmpty()) {
      d.recreateSymlinks();
      found = LayerFiles.readLinkFile(dir, id);
    }
    String link = found.orElseThrow(() -> new NoSuchFileException(dir.resolve(OverlayDriver.LINK_FILE).toString(),
        null, "layer " + id + " has no link file and no l/ entry points at it; run ovl repair"));
    if (dir.startsWith(d.home())
        && !Files.exists(d.home().resolve(OverlayDriver.LINK_DIR).resolve(link), LinkOption.NOFOLLOW_LINKS)) {
      // children will need it; a crash between create's rename and its symlink leaves exactly this
      d.recreateSymlinks();
    }
    return link;
  }
}
