package dev.ovl.check;

import dev.ovl.driver.Dirs;
import dev.ovl.natives.MountInfo;
import dev.ovl.natives.Mounts;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The file operations of repair: atomic writes and links, and removals that never cross into a mount. */
final class RepairFiles {
  private RepairFiles() {}

  static String textOrEmpty(Path p) throws IOException {
    String t = StoreScan.readOrNull(p);
    return t == null ? "" : t;
  }

  /** Temp file, fsync, rename over {@code file}, fsync of the directory; mode 0644 like the driver's files. */
  static void writeAtomic(Path file, String text) throws IOException {
    Dirs.writeAtomic(file, text.getBytes(StandardCharsets.UTF_8), 0644);
  }

  /** Creates (or replaces, in one rename) the symlink {@code link} -> {@code target}. */
  static void symlinkAtomic(Path link, String target) throws IOException {
    Path tmp = link.resolveSibling("." + link.getFileName() + ".ovl-tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of(target));
    try {
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Syscalls.fsync(link.getParent());
  }

  /** Deletes {@code p} (a file, link or whole tree), refusing if anything below it is mounted. */
  static void removeTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path abs = p.toAbsolutePath().normalize();
    for (MountInfo m : MountInfo.read()) {
      if (m.mountPoint().startsWith(abs)) {
        throw new IOException(m.mountPoint() + " is mounted; not removing " + p);
      }
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(p);
      return;
    }
    Dirs.ensureRemoveAll(p);
  }

  /** Unmounts what is under the layer, removes the l/ entries that point at it, and deletes its directory. */
  static void removeLayer(Path home, String id) throws IOException {
    Path dir = home.resolve(id);
    Mounts.unmountAllUnder(dir);
    Path l = home.resolve("l");
    if (Files.isDirectory(l, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(l)) {
        for (Path e : ds) {
          if (Files.isSymbolicLink(e) && Files.readSymbolicLink(e).toString().equals(LinkNames.target(id))) {
            Files.delete(e);
          }
        }
      }
    }
    removeTree(dir);
  }
}
