package dev.ovl.inspect;

import dev.ovl.driver.Layer;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.work.Cancel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** "Which layers add, change or delete /etc/passwd?", answered from each layer's {@code diff}. Read-only. */
public final class PathSearch {
  private PathSearch() {}

  /** The layers whose {@code diff} touches {@code path} (absolute or relative to the container root). */
  public static List<PathHit> find(OverlayDriver d, String path, Cancel cancel) throws IOException {
    String rel = normalize(path);
    List<PathHit> hits = new ArrayList<>();
    if (rel.isEmpty()) {
      return hits;
    }
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    String parent = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
    for (String id : d.listLayers()) {
      cancel.check();
      Layer layer;
      try {
        layer = d.layer(id);
      } catch (IOException e) {
        continue;
      }
      Path diff = layer.dir().resolve("diff");
      Path p = diff.resolve(rel);
      Path aufs = (parent.isEmpty() ? diff : diff.resolve(parent)).resolve(LowerView.WH_PREFIX + name);
      if (LowerView.isWhiteout(p) || Files.isRegularFile(aufs, LinkOption.NOFOLLOW_LINKS)) {
        hits.add(new PathHit(id, "/" + rel, Change.DELETED));
      } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Change c = LowerView.of(d, layer).exists(rel) ? Change.MODIFIED : Change.ADDED;
        hits.add(new PathHit(id, "/" + rel, c));
      }
    }
    return hits;
  }

  /** Strips leading slashes and refuses {@code ..}, so the search never leaves a layer's {@code diff}. */
  static String normalize(String path) {
    String p = path.strip().replaceAll("/+", "/");
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    for (String part : p.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        throw new IllegalArgumentException("path \"" + path + "\" may not contain . or ..");
      }
    }
    return p;
  }
}
