package dev.ovl.driver;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.CrashPoint;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Create: the layer dir with diff/, link, work/, merged/, and lower (child) or empty/ (base), then its {@code l/}
 * link. The dir is built under {@code home/staging} and renamed into place, so a crash leaves either a staging
 * leftover or a whole layer; the {@code l/} link comes last because Get recreates a missing one by itself.
 */
final class LayerCreator {
  static final String STAGING = "staging";

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
    long size = checkStorageOpts(opts);
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
    int perms = d.options().forceMask().orElse(OverlayDriver.DEFAULT_PERMS);
    if (hasParent) {
      parentDir = d.layerDir(parent);
      if (!Files.isDirectory(parentDir)) {
        throw new NoSuchFileException(parentDir.toString(), null, "parent layer " + parent + " does not exist");
      }
      uid = Dirs.uid(parentDir);
      gid = Dirs.gid(parentDir);
      lower = lowerFor(parent, parentDir);
      perms = Dirs.permBits(parentDir.resolve("diff"));
    }
    try (LayerLocks.Held h = d.locks().lock(id)) {
      Path tmp = Staging.enter(home, d.mappings().rootUid(), d.mappings().rootGid(),
          staging -> Files.createTempDirectory(staging, id.length() > 64 ? id.substring(0, 64) : id));
      String link = LinkIds.generate();
      try {
        Syscalls.chmod(tmp, 0700);
        Syscalls.lchown(tmp, uid, gid);
        Dirs.mkdirAs(tmp.resolve("diff"), perms, uid, gid);
        Dirs.writeAtomic(tmp.resolve(OverlayDriver.LINK_FILE), OverlayDriver.utf8(link), 0644);
        Dirs.mkdirAs(tmp.resolve("work"), 0700, uid, gid);
        Dirs.mkdirAs(tmp.resolve("merged"), 0700, uid, gid);
        if (parentDir == null) {
          Dirs.mkdirAs(tmp.resolve("empty"), 0700, uid, gid);
        } else if (!lower.isEmpty()) {
          // 0644: what Go's WriteFile(0666) gives under the usual 022 umask
          Dirs.writeAtomic(tmp.resolve(OverlayDriver.LOWER_FILE), OverlayDriver.utf8(String.join(":", lower)),
              0644);
        }
        CrashPoint.hit("create.staged");
        if (d.options().syncFilesystem()) {
          Syscalls.syncfs(tmp);
        }
        Syscalls.rename(tmp, dir, Syscalls.RENAME_NOREPLACE);
      } catch (IOException | RuntimeException e) {
        Dirs.ensureRemoveAll(tmp);
        throw e;
      } finally {
        Staging.leave(home);
      }
      Syscalls.fsync(home);
      CrashPoint.hit("create.renamed");
      if (size > 0) {
        try {
          d.projectQuota().setQuota(dir, size);
        } catch (IOException | RuntimeException e) {
          Dirs.ensureRemoveAll(dir);
          throw e;
        }
      }
      try {
        Files.createSymbolicLink(home.resolve(OverlayDriver.LINK_DIR).resolve(link), Path.of("..", id, "diff"));
      } catch (IOException e) {
        Dirs.ensureRemoveAll(dir);
        throw e;
      }
      CrashPoint.hit("create.linked");
    }
  }

  /** The reference's getLower: the parent's own link first, then the parent's lowers. */
  private List<String> lowerFor(String parent, Path parentDir) throws IOException {
    String link = LayerFiles.readLinkFile(parentDir, parent).orElseThrow(() -> new NoSuchFileException(
        parentDir.resolve(OverlayDriver.LINK_FILE).toString(), null,
        "parent layer " + parent + " has no link file; run ovl repair"));
    List<String> out = new ArrayList<>();
    out.add(OverlayDriver.LINK_DIR + "/" + link);
    out.addAll(d.lowerEntries(parentDir, parent));
    return out;
  }

  /** parseStorageOpt: only {@code size} is known; returns it in bytes (0 for none). */
  private static long checkStorageOpts(CreateOpts opts) {
    long size = 0;
    if (opts == null) {
      return size;
    }
    for (Map.Entry<String, String> e : opts.storageOpt().entrySet()) {
      if (!e.getKey().equalsIgnoreCase("size")) {
        throw new IllegalArgumentException("Unknown option " + e.getKey().toLowerCase(Locale.ROOT));
      }
      size = Units.ramInBytes(e.getValue());
    }
    return size;
  }
}
