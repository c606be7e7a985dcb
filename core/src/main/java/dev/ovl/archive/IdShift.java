package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.CrashPoint;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Go's ChownPathByMaps: every entry's owner is read as a host ID of {@code toContainer}, mapped into the container,
 * then out to the host through {@code toHost} (unmapped IDs become the overflow ID). Symlinks are not followed;
 * capabilities and setuid/setgid bits survive the chown; extra names of a hard-linked inode are re-linked to the
 * first one, so that a copy-up through a mount cannot split them.
 */
public final class IdShift {
  private final IdMappings toContainer;
  private final IdMappings toHost;
  private final Map<String, Path> inodes = new HashMap<>();
  private final Progress progress;
  private final Cancel cancel;
  private long done;

  private IdShift(IdMappings toContainer, IdMappings toHost, Progress progress, Cancel cancel) {
    this.toContainer = toContainer == null ? IdMappings.IDENTITY : toContainer;
    this.toHost = toHost == null ? IdMappings.IDENTITY : toHost;
    this.progress = progress;
    this.cancel = cancel;
  }

  /** Chowns {@code root} and everything below it by the two maps. */
  public static void chownByMaps(Path root, IdMappings toContainer, IdMappings toHost, Progress progress,
      Cancel cancel) throws IOException {
    new IdShift(toContainer, toHost, progress, cancel).visit(root);
  }

  private void visit(Path p) throws IOException {
    cancel.check();
    FileStat st = FileStat.lstatOrNull(p);
    if (st == null) {
      return; // a whiteout inside an opaque dir: overlayfs lists it, no lookup finds it
    }
    chown(p, st);
    progress.update(0, ++done);
    CrashPoint.hit("idmap.entry");
    if (st.isDir()) {
      for (String name : Tree.sortedNames(p)) {
        visit(RawNames.resolve(p, name));
      }
    }
  }

  private void chown(Path p, FileStat st) throws IOException {
    String key = st.dev() + ":" + st.ino();
    Path first = inodes.putIfAbsent(key, p);
    if (first != null) {
      Files.delete(p);
      Syscalls.link(first, p);
      return;
    }
    long uid = st.uid();
    long gid = st.gid();
    try {
      uid = toContainer.uidToContainer(st.uid());
      gid = toContainer.gidToContainer(st.gid());
    } catch (IllegalArgumentException e) {
      if (st.uid() != 0 || st.gid() != 0) {
        throw new IOException("cannot map host IDs " + st.uid() + ":" + st.gid() + " of " + p
            + " into the container: " + e.getMessage(), e);
      }
      uid = 0;
      gid = 0;
    }
    uid = hostOrOverflow(uid, true);
    gid = hostOrOverflow(gid, false);
    if (uid == st.uid() && gid == st.gid()) {
      return;
    }
    Optional<byte[]> cap = Syscalls.lgetxattr(p, "security.capability");
    Syscalls.lchown(p, (int) uid, (int) gid);
    if (!st.isSymlink() && (st.mode() & 06000) != 0) {
      Syscalls.chmod(p, st.mode() & 07777);
    }
    if (cap.isPresent()) {
      Syscalls.lsetxattr(p, "security.capability", cap.get(), 0);
    }
  }

  private long hostOrOverflow(long id, boolean user) {
    try {
      return user ? toHost.uidToHost(id) : toHost.gidToHost(id);
    } catch (IllegalArgumentException e) {
      return overflow(user);
    }
  }

  private static long overflow(boolean user) {
    try {
      return Long.parseLong(Files.readString(Path.of(user ? "/proc/sys/kernel/overflowuid"
          : "/proc/sys/kernel/overflowgid")).trim());
    } catch (IOException | NumberFormatException e) {
      return 65534;
    }
  }
}
