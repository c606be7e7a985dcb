package dev.ovl.driver;

import dev.ovl.natives.Mounts;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.CrashPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Remove: unmount, drop the layer's own {@code l/} link, move the dir into staging in one rename, delete it. */
final class LayerRemover {
  private static final Logger log = LoggerFactory.getLogger(LayerRemover.class);

  private final OverlayDriver d;

  LayerRemover(OverlayDriver d) {
    this.d = d;
  }

  /** Removes layer {@code id}; the caller holds its lock. A missing layer is fine, as in the reference. */
  void remove(String id) throws IOException {
    Path home = d.home();
    Path dir = d.layerDir(id);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Mounts.unmountAllUnder(dir);
    String link = Dirs.readOrNull(dir.resolve(OverlayDriver.LINK_FILE));
    if (link != null && LinkIds.isValid(link.strip())) {
      Path l = home.resolve(OverlayDriver.LINK_DIR).resolve(link.strip());
      String target = LayerFiles.readlinkOrNull(l);
      if (target != null && target.equals("../" + id + "/diff")) {
        Files.deleteIfExists(l);
      } else if (target != null) {
        log.warn("not removing {}: it points at {}, not at layer {}", l, target, id);
      }
    }
    CrashPoint.hit("remove.unlinked");
    if (!dir.startsWith(home)) {
      Dirs.ensureRemoveAll(dir); // a layer of an image store is not moved across filesystems
      return;
    }
    Path doomed = Staging.enter(home, d.mappings().rootUid(), d.mappings().rootGid(), staging -> {
      Path to = staging.resolve(id + ".removing-" + Long.toHexString(System.nanoTime()));
      Syscalls.rename(dir, to, Syscalls.RENAME_NOREPLACE);
      return to;
    });
    Syscalls.fsync(home);
    CrashPoint.hit("remove.moved");
    Dirs.ensureRemoveAll(doomed);
    Staging.leave(home);
  }
}
