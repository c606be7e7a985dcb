package dev.ovl.driver;

import dev.ovl.idtools.IdMappings;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Create: the layer dir with diff/, link, l/ link, work/, merged/, and lower (child) or empty/ (base). */
final class LayerCreator {
  private final OverlayDriver d;

  LayerCreator(OverlayDriver d) {
    this.d = d;
  }

  void create(String id, String parent, CreateOpts opts) throws IOException {
    LayerIds.check(id);
    boolean hasParent = parent != null && !parent.isEmpty();
    if (hasParent) {
      LayerIds.check(parent);
    }
    checkStorageOpts(opts);
    IdMappings maps = opts != null && opts.mappings() != null ? opts.mappings() : d.mappings();
    int uid = maps.rootUid();
    int gid = maps.rootGid();
    Path home = d.home();
    Dirs.mkdirAllAs(home.resolve(OverlayDriver.LINK_DIR), 0700, uid, gid);
    Path dir = home.resolve(id);
    if (Files.exists(d.layerDir(id))) {
      throw new FileAlreadyExistsException(dir.toString(), null, "layer " + id + " already exists");
    }
    Path parentDir = null;
    List<String> lower = List.of();
    if (hasParent) {
      parentDir = d.layerDir(parent);
      if (!Files.isDirectory(parentDir)) {
        throw new NoSuchFileException(parentDir.toString(), null, "parent layer " + parent + " does not exist");
      }
      uid = Dirs.uid(parentDir);
      gid = Dirs.gid(parentDir);
      lower = lowerFor(parent, parentDir);
    }
    try (LayerLocks.Held h = d.locks().lock(id)) {
      Dirs.mkdirAs(dir, 0700, uid, gid);
      String link = null;
      try {
        int perms = d.options().forceMask().orElse(OverlayDriver.DEFAULT_PERMS);
        if (parentDir != null) {
          perms = Dirs.permBits(parentDir.resolve("diff"));
        }
        Dirs.mkdirAs(dir.resolve("diff"), perms, uid, gid);
        link = LinkIds.generate();
        Files.createSymbolicLink(home.resolve(OverlayDriver.LINK_DIR).resolve(link), Path.of("..", id, "diff"));
        Dirs.writeAtomic(dir.resolve(OverlayDriver.LINK_FILE), OverlayDriver.utf8(link), 0644);
        Dirs.mkdirAs(dir.resolve("work"), 0700, uid, gid);
        Dirs.mkdirAs(dir.resolve("merged"), 0700, uid, gid);
        if (parentDir == null) {
          Dirs.mkdirAs(dir.resolve("empty"), 0700, uid, gid);
        } else if (!lower.isEmpty()) {
          // 0644: what Go's WriteFile(0666) gives under the usual 022 umask
          Dirs.writeAtomic(dir.resolve(OverlayDriver.LOWER_FILE), OverlayDriver.utf8(String.join(":", lower)), 0644);
        }
      } catch (IOException | RuntimeException e) {
        if (link != null) {
          Files.deleteIfExists(home.resolve(OverlayDriver.LINK_DIR).resolve(link));
        }
        Dirs.ensureRemoveAll(dir);
        throw e;
      }
    }
  }

  /** The reference's getLower: the parent's own link first, then the parent's lowers. */
  private List<String> lowerFor(String parent, Path parentDir) throws IOException {
    String link = Dirs.readOrNull(parentDir.resolve(OverlayDriver.LINK_FILE));
    if (link == null) {
      throw new NoSuchFileException(parentDir.resolve(OverlayDriver.LINK_FILE).toString(), null,
          "parent layer " + parent + " has no link file; run ovl repair");
    }
    link = link.strip();
    if (!LinkIds.isValid(link)) {
      throw new IOException("parent layer " + parent + " has a malformed link file; run ovl check");
    }
    List<String> out = new java.util.ArrayList<>();
    out.add(OverlayDriver.LINK_DIR + "/" + link);
    out.addAll(d.lowerEntries(parentDir, parent));
    return out;
  }

  private static void checkStorageOpts(CreateOpts opts) {
    if (opts == null) {
      return;
    }
    for (Map.Entry<String, String> e : opts.storageOpt().entrySet()) {
      if (!e.getKey().equalsIgnoreCase("size")) {
        throw new IllegalArgumentException("Unknown option " + e.getKey().toLowerCase(java.util.Locale.ROOT));
      }
      Units.ramInBytes(e.getValue());
    }
  }
}
