package dev.ovl.inspect;

import dev.ovl.driver.Layer;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a layer's lowers show at a path, read through its {@code l/} links without mounting. */
final class LowerView {
  static final String WH_PREFIX = ".wh.";
  static final String OPAQUE_MARKER = ".wh..wh..opq";

  private final List<Path> diffs;

  private LowerView(List<Path> diffs) {
    this.diffs = diffs;
  }

  /** The lowers of {@code layer}, nearest first; a link that does not resolve is left out. */
  static LowerView of(OverlayDriver d, Layer layer) {
    List<Path> diffs = new ArrayList<>();
    for (String entry : layer.lowers()) {
      Path link = d.home().resolve(entry);
      try {
        Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        if (Files.isDirectory(target)) {
          diffs.add(target);
        }
      } catch (IOException e) {
        // a missing or odd link hides nothing; the chain view reports it
      }
    }
    return new LowerView(diffs);
  }

  /** True if some lower shows {@code rel} (not hidden by a nearer whiteout or opaque dir). */
  boolean exists(String rel) {
    String[] parts = rel.split("/");
    for (Path diff : diffs) {
      Path p = diff;
      for (int i = 0; i < parts.length; i++) {
        if (isWhiteout(RawNames.resolve(p, parts[i]))
            || Files.exists(RawNames.resolve(p, WH_PREFIX + parts[i]), LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
        p = RawNames.resolve(p, parts[i]);
        if (i < parts.length - 1 && isOpaque(p)) {
          return Files.exists(RawNames.resolve(p, String.join("/", List.of(parts).subList(i + 1, parts.length))),
              LinkOption.NOFOLLOW_LINKS);
        }
      }
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  /** A whiteout is a 0/0 character device. */
  static boolean isWhiteout(Path p) {
    try {
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & Syscalls.S_IFMT) == Syscalls.S_IFCHR
          && ((Number) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** An opaque dir carries {@code trusted.overlay.opaque=y} or an AUFS {@code .wh..wh..opq} marker. */
  static boolean isOpaque(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      Optional<byte[]> v = Syscalls.lgetxattr(dir, "trusted.overlay.opaque");
      if (v.isPresent() && v.get().length == 1 && v.get()[0] == 'y') {
        return true;
      }
    } catch (SyscallException e) {
      // no xattr support: only the marker file counts
    }
    return Files.exists(dir.resolve(OPAQUE_MARKER), LinkOption.NOFOLLOW_LINKS);
  }
}
