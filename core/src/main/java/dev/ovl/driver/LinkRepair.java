package dev.ovl.driver;

import dev.ovl.work.CrashPoint;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * recreateSymlinks: every layer's {@code link} file names its {@code l/} link; a missing link is recreated, and a
 * missing {@code link} file is rebuilt from the {@code l/} entry that points at the layer. Nothing is deleted:
 * odd entries are reported for {@code ovl repair}.
 */
final class LinkRepair {
  private static final Logger log = LoggerFactory.getLogger(LinkRepair.class);

  private final OverlayDriver d;

  LinkRepair(OverlayDriver d) {
    this.d = d;
  }

  LinkReport run() throws IOException {
    Path linkDir = d.home().resolve(OverlayDriver.LINK_DIR);
    Dirs.mkdirAllAs(linkDir, 0700, d.mappings().rootUid(), d.mappings().rootGid());
    Map<String, String> linkByLayer = scanLinks(linkDir);
    List<String> created = new ArrayList<>();
    List<String> rebuilt = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String id : d.listLayers()) {
      Path dir = d.home().resolve(id);
      String link = Dirs.readOrNull(dir.resolve(OverlayDriver.LINK_FILE));
      if (link == null || !LinkIds.isValid(link.strip())) {
        String fromL = linkByLayer.get(id);
        if (fromL == null) {
          problems.add("layer " + id + ": " + (link == null ? "no" : "malformed") + " link file, and no l/ entry "
              + "points at it");
          continue;
        }
        Dirs.writeAtomic(dir.resolve(OverlayDriver.LINK_FILE), OverlayDriver.utf8(fromL), 0644);
        log.warn("rebuilt {}/link from l/{}", id, fromL);
        CrashPoint.hit("relink.rebuilt");
        rebuilt.add(id);
        continue;
      }
      Path l = linkDir.resolve(link.strip());
      if (!Files.exists(l, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(l, Path.of("..", id, "diff"));
        log.warn("recreated l/{} -> ../{}/diff", link.strip(), id);
        CrashPoint.hit("relink.created");
        created.add(link.strip());
      }
    }
    return new LinkReport(created, rebuilt, problems);
  }

  /** Layer id → link name for every well-formed {@code l/} entry; the first one wins if two point at a layer. */
  private static Map<String, String> scanLinks(Path linkDir) throws IOException {
    Map<String, String> byLayer = new HashMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(linkDir)) {
      for (Path p : ds) {
        if (!Files.isSymbolicLink(p) || !LinkIds.isValid(p.getFileName().toString())) {
          continue;
        }
        String[] parts = Files.readSymbolicLink(p).toString().split("/");
        if (parts.length == 3 && parts[0].equals("..") && parts[2].equals("diff")) {
          byLayer.putIfAbsent(parts[1], p.getFileName().toString());
        }
      }
    }
    return byLayer;
  }
}
