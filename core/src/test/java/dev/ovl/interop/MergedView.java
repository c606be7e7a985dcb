package dev.ovl.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a mounted layer shows: relative path to "type mode uid:gid size hash-or-target" for every entry, walked
 * without following links. Link counts, times and directory sizes are left out (they differ between overlayfs
 * and fuse-overlayfs and between mounts).
 */
public final class MergedView {
  private MergedView() {}

  /** The view of the tree under {@code top}; {@code top} itself is the entry ".". */
  public static SortedMap<String, String> of(Path top) throws IOException {
    SortedMap<String, String> view = new TreeMap<>();
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        view.put(name(top, dir), describe(dir));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        view.put(name(top, file), describe(file));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE; // a whiteout in an opaque dir: overlayfs lists it, no lookup finds it
        }
        throw e;
      }
    });
    return view;
  }

  private static String name(Path top, Path p) {
    String rel = top.relativize(p).toString();
    return rel.isEmpty() ? "." : rel;
  }

  /** One entry's description; the type letter is that of {@code ls -l}. */
  public static String describe(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,rdev", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    String owner = a.get("uid") + ":" + a.get("gid");
    String perms = String.format("%04o", mode & 07777);
    return switch (mode & 0170000) {
      case 0040000 -> "d " + perms + " " + owner;
      case 0100000 -> "- " + perms + " " + owner + " " + a.get("size") + " " + sha256(p);
      case 0120000 -> "l " + perms + " " + owner + " -> " + Files.readSymbolicLink(p);
      case 0020000 -> "c " + perms + " " + owner + " rdev " + a.get("rdev");
      case 0060000 -> "b " + perms + " " + owner + " rdev " + a.get("rdev");
      case 0010000 -> "p " + perms + " " + owner;
      default -> "? " + Integer.toOctalString(mode) + " " + owner;
    };
  }

  private static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
