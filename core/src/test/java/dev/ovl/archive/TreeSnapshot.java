package dev.ovl.archive;

import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Every fact about a tree that a layer must keep: type, mode, owner, size, sha256, link, rdev, xattrs, mtime. */
public final class TreeSnapshot {
  private TreeSnapshot() {}

  /** One line per entry (the root included as "."), all xattrs. */
  public static Map<String, String> of(Path root) throws IOException {
    return of(root, x -> true, true);
  }

  public static Map<String, String> of(Path root, Predicate<String> xattrFilter, boolean withTimes)
      throws IOException {
    Map<String, String> m = new TreeMap<>();
    walk(root, root, m, xattrFilter, withTimes);
    return m;
  }

  private static void walk(Path root, Path p, Map<String, String> m, Predicate<String> xf, boolean times)
      throws IOException {
    FileStat st = FileStat.lstat(p);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("mode=%o uid=%d gid=%d", st.mode(), st.uid(), st.gid()));
    if (!st.isDir()) {
      sb.append(" size=").append(st.size());
    }
    if (times && !st.isDir() || times && !p.equals(root)) {
      sb.append(" mtime=").append(st.mtimeNanos());
    }
    if (st.type() == Syscalls.S_IFREG) {
      sb.append(" sha256=").append(sha256(p));
    } else if (st.isSymlink()) {
      sb.append(" link=").append(RawNames.name(Files.readSymbolicLink(p)));
    } else if (st.type() == Syscalls.S_IFCHR || st.type() == Syscalls.S_IFBLK) {
      sb.append(" rdev=").append(Syscalls.major(st.rdev())).append(':').append(Syscalls.minor(st.rdev()));
    }
    List<String> names = Syscalls.llistxattr(p);
    names.sort(null);
    for (String x : names) {
      if (xf.test(x)) {
        sb.append(' ').append(x).append('=')
            .append(HexFormat.of().formatHex(Syscalls.lgetxattr(p, x).orElse(new byte[0])));
      }
    }
    String rel = RawNames.name(root.relativize(p));
    m.put(rel.isEmpty() ? "." : rel, sb.toString());
    if (st.isDir()) {
      for (String name : Tree.sortedNames(p)) {
        walk(root, RawNames.resolve(p, name), m, xf, times);
      }
    }
  }

  private static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
