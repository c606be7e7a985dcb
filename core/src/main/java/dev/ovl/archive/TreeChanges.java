package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's ChangesDirs: the naive changes of one tree against another (two mounted layers), comparing mode, owner
 * (through each side's maps), rdev, mtime and size of non-directories, capabilities and {@code user.*} xattrs.
 * Entries that are the same inode on the same device on both sides are skipped. Children are visited in name
 * order, so the result is deterministic (Go's order is not).
 */
final class TreeChanges {
  private static final class Node {
    final String name;
    final Node parent;
    final Map<String, Node> children = new TreeMap<>(Tree.BYTE_ORDER);
    FileStat stat;
    byte[] capability;
    Map<String, byte[]> xattrs = Map.of();
    boolean added;

    Node(String name, Node parent) {
      this.name = name;
      this.parent = parent;
    }

    String path() {
      return parent == null ? "/" : (parent.parent == null ? "" : parent.path()) + "/" + name;
    }
  }

  private final Path oldDir;
  private final Path newDir;
  private final IdMappings oldMap;
  private final IdMappings newMap;
  private final Node oldRoot = new Node("/", null);
  private final Node newRoot = new Node("/", null);
  private final Cancel cancel;
  private final Progress progress;
  private long visited;

  private TreeChanges(Path newDir, IdMappings newMap, Path oldDir, IdMappings oldMap, Progress p, Cancel c) {
    this.newDir = newDir;
    this.oldDir = oldDir;
    this.newMap = newMap == null ? IdMappings.IDENTITY : newMap;
    this.oldMap = oldMap == null ? IdMappings.IDENTITY : oldMap;
    this.progress = p;
    this.cancel = c;
  }

  /** Changes of {@code newDir} against {@code oldDir} (null: an empty tree, so everything is added). */
  static List<Change> of(Path newDir, IdMappings newMap, Path oldDir, IdMappings oldMap, Progress p, Cancel c)
      throws IOException {
    TreeChanges t = new TreeChanges(newDir, newMap, oldDir, oldMap, p, c);
    FileStat o = oldDir == null ? null : FileStat.lstat(oldDir);
    t.walk("", o, FileStat.lstat(newDir), t.oldRoot, t.newRoot);
    List<Change> out = new ArrayList<>();
    t.addChanges(t.newRoot, t.oldRoot, out);
    return out;
  }

  private void walk(String rel, FileStat i1, FileStat i2, Node n1, Node n2) throws IOException {
    cancel.check();
    progress.update(0, ++visited);
    boolean dir1 = i1 != null && i1.isDir();
    boolean dir2 = i2 != null && i2.isDir();
    if (!dir1 && !dir2) {
      return;
    }
    boolean sameDevice = i1 != null && i2 != null && i1.dev() == i2.dev();
    // name -> on which sides it is listed (1: old, 2: new, 3: both). A side that does not list a name lacks it,
    // even where a lookup would find it: fuse-overlayfs 1.10, once it has listed the dir above, finds the lower
    // layer's entries in an opaque dir (Go looks them up, and its naive diff loses their deletion).
    TreeMap<String, Integer> names = new TreeMap<>(Tree.BYTE_ORDER);
    if (dir1) {
      Tree.sortedNames(at(oldDir, rel)).forEach(s -> names.merge(s, 1, Integer::sum));
    }
    if (dir2) {
      Tree.sortedNames(at(newDir, rel)).forEach(s -> names.merge(s, 2, Integer::sum));
    }
    for (Map.Entry<String, Integer> e : names.entrySet()) {
      String name = e.getKey();
      String child = rel.isEmpty() ? name : rel + "/" + name;
      FileStat c1 = (e.getValue() & 1) != 0 ? FileStat.lstatOrNull(at(oldDir, child)) : null;
      FileStat c2 = (e.getValue() & 2) != 0 ? FileStat.lstatOrNull(at(newDir, child)) : null;
      if (c1 != null && c2 != null && sameDevice && c1.ino() == c2.ino()) {
        continue;
      }
      Node k1 = c1 == null ? null : record(n1, name, c1, at(oldDir, child));
      Node k2 = c2 == null ? null : record(n2, name, c2, at(newDir, child));
      walk(child, c1, c2, k1, k2);
    }
  }

  private static Path at(Path root, String rel) {
    return RawNames.resolve(root, rel);
  }

  private static Node record(Node parent, String name, FileStat st, Path p) throws IOException {
    Node n = new Node(name, parent);
    n.stat = st;
    n.capability = Syscalls.lgetxattr(p, "security.capability").orElse(null);
    Map<String, byte[]> x = new TreeMap<>();
    for (String key : Syscalls.llistxattr(p)) {
      if (key.startsWith("user.")) {
        Syscalls.lgetxattr(p, key).ifPresent(v -> x.put(key, v));
      }
    }
    n.xattrs = x;
    parent.children.put(name, n);
    return n;
  }

  private void addChanges(Node info, Node old, List<Change> out) {
    int sizeAtEntry = out.size();
    if (old == null) {
      out.add(new Change(info.path(), Change.Kind.ADD));
      info.added = true;
    }
    Map<String, Node> oldChildren = new TreeMap<>(Tree.BYTE_ORDER);
    if (old != null && isDir(info)) {
      oldChildren.putAll(old.children);
    }
    for (Node child : info.children.values()) {
      Node oldChild = oldChildren.remove(child.name);
      if (oldChild != null && (statDifferent(oldChild.stat, child.stat)
          || !Arrays.equals(oldChild.capability, child.capability) || !sameXattrs(oldChild.xattrs, child.xattrs))) {
        out.add(new Change(child.path(), Change.Kind.MODIFY));
        child.added = true;
      }
      addChanges(child, oldChild, out);
    }
    for (Node gone : oldChildren.values()) {
      out.add(new Change(gone.path(), Change.Kind.DELETE));
    }
    if (out.size() > sizeAtEntry && isDir(info) && !info.added && info.parent != null) {
      out.add(sizeAtEntry, new Change(info.path(), Change.Kind.MODIFY));
    }
  }

  private static boolean isDir(Node n) {
    return n.stat == null || n.stat.isDir();
  }

  private boolean statDifferent(FileStat o, FileStat n) {
    long ou = o.uid();
    long og = o.gid();
    long nu = n.uid();
    long ng = n.gid();
    try {
      long cu = newMap.uidToContainer(nu);
      long cg = newMap.gidToContainer(ng);
      nu = cu;
      ng = cg;
      try {
        long pu = oldMap.uidToContainer(ou);
        long pg = oldMap.gidToContainer(og);
        ou = pu;
        og = pg;
      } catch (IllegalArgumentException ignored) {
        // Go keeps the raw IDs when the old side is unmapped
      }
    } catch (IllegalArgumentException ignored) {
      // likewise for the new side
    }
    return o.mode() != n.mode() || ou != nu || og != ng || o.rdev() != n.rdev()
        || (!o.isDir() && (!OverlayChanges.sameTime(o.mtimeNanos(), n.mtimeNanos()) || o.size() != n.size()));
  }

  private static boolean sameXattrs(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
  }
}
