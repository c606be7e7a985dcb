package dev.ovl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Seeded random layers for differential tests: a base tree, and changes to a tree (whiteouts of files and dirs,
 * opaque markers anywhere among their dir's entries, files that become dirs and back, new files), as tars.
 */
public final class RandomLayers {
  private RandomLayers() {}

  /**
   * A tree to write as a tar: a dir (children by name), a file, a symlink, a fifo, a hard link (its data: the
   * target's path), a whiteout or an opaque marker.
   */
  public static final class Node {
    final char type;
    final int mode;
    final String data;
    final Map<String, Node> children = new TreeMap<>();
    String xattr;

    private Node(char type, int mode, String data) {
      this.type = type;
      this.mode = mode;
      this.data = data;
    }

    static Node dir(int mode) {
      return new Node('d', mode, null);
    }

    static Node file(int mode, String data) {
      return new Node('f', mode, data);
    }
  }

  /** A base layer's tree: up to four levels of dirs, files, fifos, relative symlinks and hard links. */
  public static Node base(Random r) {
    Node root = Node.dir(0755);
    grow(r, root, 3);
    List<String> files = new ArrayList<>();
    collectFiles(root, "", files);
    for (int i = 0; i < 2 && !files.isEmpty(); i++) {
      root.children.putIfAbsent("h" + i, new Node('h', 0644, files.get(r.nextInt(files.size()))));
    }
    return root;
  }

  private static void collectFiles(Node dir, String prefix, List<String> out) {
    dir.children.forEach((name, c) -> {
      if (c.type == 'f') {
        out.add(prefix + name);
      } else if (c.type == 'd') {
        collectFiles(c, prefix + name + "/", out);
      }
    });
  }

  private static void grow(Random r, Node dir, int depth) {
    int n = 2 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String name = "e" + r.nextInt(8);
      int pick = r.nextInt(10);
      if (pick < 3 && depth > 0) {
        Node d = dir.children.computeIfAbsent(name, k -> Node.dir(r.nextBoolean() ? 0755 : 0700));
        if (d.type == 'd') {
          grow(r, d, depth - 1);
        }
      } else if (pick < 8) {
        Node f = Node.file(r.nextBoolean() ? 0644 : 0600, "base " + r.nextInt(1000));
        if (r.nextInt(4) == 0) {
          f.xattr = "x" + r.nextInt(10);
        }
        dir.children.putIfAbsent(name, f);
      } else if (pick < 9) {
        dir.children.putIfAbsent(name, new Node('p', 0640, null));
      } else {
        dir.children.putIfAbsent(name, new Node('l', 0777, "e" + r.nextInt(8)));
      }
    }
  }

  /**
   * A child layer's tree against {@code lower}; every dir on the way to a change is in it, as in real layers.
   * With {@code fileToDir}, some files become non-empty dirs (which Go 1.43's Changes cannot report).
   */
  public static Node change(Random r, Node lower, boolean fileToDir) {
    Node out = Node.dir(lower.mode);
    changeDir(r, lower, out, fileToDir);
    return out;
  }

  private static void changeDir(Random r, Node lower, Node out, boolean fileToDir) {
    for (Map.Entry<String, Node> e : lower.children.entrySet()) {
      String name = e.getKey();
      Node l = e.getValue();
      int pick = r.nextInt(12);
      if (pick == 0) {
        out.children.put(".wh." + name, new Node('w', 0644, null));
      } else if (pick == 1) {
        Node f = Node.file(0640, "replaced " + r.nextInt(1000));
        f.xattr = r.nextBoolean() ? null : "y" + r.nextInt(10);
        out.children.put(name, f);
      } else if (pick == 2 && l.type != 'd' && fileToDir) {
        Node d = Node.dir(0750);
        d.children.put("inner", Node.file(0644, "in a new dir"));
        out.children.put(name, d);
      } else if (pick <= 5 && l.type == 'd') {
        Node d = Node.dir(pick == 3 ? 0711 : l.mode);
        if (pick == 4) {
          d.children.put(".wh..wh..opq", new Node('o', 0644, null));
        }
        changeDir(r, l, d, fileToDir);
        out.children.put(name, d);
      }
    }
    if (r.nextInt(3) == 0) {
      out.children.put("n" + r.nextInt(100), Node.file(0644, "new " + r.nextInt(1000)));
    }
    if (r.nextInt(4) == 0 && out.children.values().stream().anyMatch(c -> c.type == 'f')) {
      String target = out.children.entrySet().stream().filter(c -> c.getValue().type == 'f').findFirst()
          .orElseThrow().getKey();
      out.children.put("l" + r.nextInt(10), new Node('h', 0644, target)); // resolved in tar()
    }
  }

  /**
   * The tree as a tar, each dir's entries in a random order (a dir always before what it holds), hard links last.
   * A link's target in the base is a path; in a change, a sibling's name.
   */
  public static byte[] tar(Node root, Random r) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    List<TarArchiveEntry> links = new ArrayList<>();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bo)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      write(t, "", root, r, links);
      for (TarArchiveEntry e : links) {
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
      }
    }
    return bo.toByteArray();
  }

  private static void write(TarArchiveOutputStream t, String dir, Node node, Random r,
      List<TarArchiveEntry> links) throws IOException {
    List<String> names = new ArrayList<>(node.children.keySet());
    Collections.shuffle(names, r);
    for (String name : names) {
      Node c = node.children.get(name);
      String path = dir + name;
      TarArchiveEntry e = switch (c.type) {
        case 'd' -> new TarArchiveEntry(path + "/");
        case 'l' -> new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
        case 'h' -> new TarArchiveEntry(path, TarConstants.LF_LINK);
        case 'p' -> new TarArchiveEntry(path, TarConstants.LF_FIFO);
        default -> new TarArchiveEntry(path);
      };
      byte[] data = c.type == 'f' ? c.data.getBytes(StandardCharsets.UTF_8) : new byte[0];
      int kind = switch (c.type) {
        case 'd' -> 040000;
        case 'l' -> 0120000;
        case 'p' -> 010000;
        default -> 0100000;
      };
      e.setMode(kind | c.mode);
      e.setModTime(1_700_000_000_000L);
      e.setIds(c.mode == 0600 ? 7 : 0, 0);
      if (c.type == 'l') {
        e.setLinkName(c.data);
      }
      if (c.type == 'h') {
        e.setLinkName(c.data.contains("/") || dir.isEmpty() ? c.data : dir + c.data);
        links.add(e);
        continue;
      }
      if (c.xattr != null) {
        e.addPaxHeader("SCHILY.xattr.user.k", c.xattr);
      }
      e.setSize(data.length);
      t.putArchiveEntry(e);
      t.write(data);
      t.closeArchiveEntry();
      if (c.type == 'd') {
        write(t, path + "/", c, r, links);
      }
    }
  }

  /** The tree a mounted layer shows, to change again (names readdir lists but no lookup finds are left out). */
  public static Node read(Path dir) throws IOException {
    Node n = Node.dir(0755);
    List<Path> children;
    try (var s = Files.list(dir)) {
      children = s.toList();
    }
    for (Path p : children) {
      String name = p.getFileName().toString();
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
      if (Files.isSymbolicLink(p)) {
        n.children.put(name, new Node('l', 0777, Files.readSymbolicLink(p).toString()));
      } else if (Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
        n.children.put(name, new Node('p', mode, null));
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Node d = Node.dir(mode);
        d.children.putAll(read(p).children);
        n.children.put(name, d);
      } else {
        n.children.put(name, Node.file(mode, Files.readString(p)));
      }
    }
    return n;
  }
}
