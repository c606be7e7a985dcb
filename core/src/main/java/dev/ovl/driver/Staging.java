package dev.ovl.driver;

import dev.ovl.natives.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code home/staging}, shared by the creates and removes of every process: each makes it when needed and whoever
 * leaves it empty removes it. So another process may remove it between our mkdir and our use of it; then we make
 * it again.
 */
final class Staging {
  interface Entry<T> {
    T make(Path staging) throws IOException;
  }

  private Staging() {}

  /** Runs {@code entry} in the staging dir, made (owned by uid:gid) if missing, again if it vanishes meanwhile. */
  static <T> T enter(Path home, int uid, int gid, Entry<T> entry) throws IOException {
    Path staging = home.resolve(LayerCreator.STAGING);
    for (int attempt = 1; ; attempt++) {
      Dirs.mkdirAllAs(staging, 0700, uid, gid);
      try {
        return entry.make(staging);
      } catch (NoSuchFileException | SyscallException.NotFound e) {
        if (attempt >= 50 || Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
      }
    }
  }

  /** Removes the staging dir if nothing is in it: containers/storage 1.24.8 would take it for a layer. */
  static void leave(Path home) {
    try {
      Files.delete(home.resolve(LayerCreator.STAGING));
    } catch (IOException e) {
      // another create or remove is staging, or a crash left something for ovl check to report
    }
  }
}
