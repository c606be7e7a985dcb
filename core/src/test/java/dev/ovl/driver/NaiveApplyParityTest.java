package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.Root;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two ways a child layer can be applied, natively into its diff dir (overlay whiteouts) and naively through
 * its mount (the whiteouts delete), must give the same merged view. Seeded random layers: whiteouts of files and
 * of dirs, opaque markers anywhere among their dir's entries, files that become dirs and dirs that become files.
 */
class NaiveApplyParityTest {
  private static final int LAYERS = 12;

  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void nativeAndNaiveApplyGiveTheSameMergedView() throws IOException {
    try (DriverFixture f = DriverFixture.create("naive-parity")) {
      LayerContents lc = LayerContents.of(f.driver);
      for (int seed = 1; seed <= LAYERS; seed++) {
        Random r = new Random(seed);
        Node base = Node.dir(0755);
        grow(r, base, 3);
        Node child = change(r, base);
        String b = "base" + seed;
        f.driver.create(b, null, null);
        apply(lc, b, null, tar(base, r));
        byte[] childTar = tar(child, r);
        f.driver.create("native" + seed, b, null);
        apply(lc, "native" + seed, b, childTar);
        f.driver.create("naive" + seed, b, null);
        apply(lc, "naive" + seed, null, childTar); // not the direct parent: through the mount
        assertThat(view(f.driver, "naive" + seed)).as("seed %d", seed).isEqualTo(view(f.driver, "native" + seed));
      }
    }
  }

  @Test
  void aDiffAppliedOnItsParentGivesTheLayersView() throws IOException {
    try (DriverFixture f = DriverFixture.create("diff-parity")) {
      LayerContents lc = LayerContents.of(f.driver);
      for (int seed = 1; seed <= LAYERS; seed++) {
        Random r = new Random(100 + seed);
        Node base = Node.dir(0755);
        grow(r, base, 3);
        String b = "base" + seed;
        String mid = "mid" + seed;
        String top = "top" + seed;
        f.driver.create(b, null, null);
        apply(lc, b, null, tar(base, r));
        f.driver.create(mid, b, null);
        apply(lc, mid, b, tar(change(r, base), r));
        f.driver.create(top, mid, null);
        apply(lc, top, mid, tar(change(r, seen(f.driver, mid)), r));
        Map<String, String> want = view(f.driver, top);
        // native: top's own diff against mid; naive: both layers' changes against base, through the mounts
        f.driver.create("copy" + seed, mid, null);
        apply(lc, "copy" + seed, mid, diff(lc, top, mid));
        assertThat(view(f.driver, "copy" + seed)).as("native diff, seed %d", seed).isEqualTo(want);
        f.driver.create("squash" + seed, b, null);
        apply(lc, "squash" + seed, b, diff(lc, top, b));
        assertThat(view(f.driver, "squash" + seed)).as("naive diff, seed %d", seed).isEqualTo(want);
      }
    }
  }

  /** A tree to write as a tar: a dir (children by name), a file, a symlink, a whiteout or an opaque marker. */
  private static final class Node {
    final char type;
    final int mode;
    final String data;
    final Map<String, Node> children = new TreeMap<>();

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
      } else if (pick < 9) {
        dir.children.putIfAbsent(name, Node.file(r.nextBoolean() ? 0644 : 0600, "base " + r.nextInt(1000)));
      } else {
        dir.children.putIfAbsent(name, new Node('l', 0777, "e" + r.nextInt(8)));
      }
    }
  }

  /** The child layer's tree against {@code base}: every dir on the way to a change is in it, as in real layers. */
  private static Node change(Random r, Node base) {
    Node out = Node.dir(base.mode);
    changeDir(r, base, out, 3);
    return out;
  }

  private static void changeDir(Random r, Node lower, Node out, int depth) {
    for (Map.Entry<String, Node> e : lower.children.entrySet()) {
      String name = e.getKey();
      Node l = e.getValue();
      int pick = r.nextInt(12);
      if (pick == 0) {
        out.children.put(".wh." + name, new Node('w', 0644, null));
      } else if (pick == 1) {
        out.children.put(name, Node.file(0640, "replaced " + r.nextInt(1000)));
      } else if (pick == 2 && l.type != 'd') {
        Node d = Node.dir(0750);
        d.children.put("inner", Node.file(0644, "in a new dir"));
        out.children.put(name, d);
      } else if (pick <= 5 && l.type == 'd') {
        Node d = Node.dir(pick == 3 ? 0711 : l.mode);
        if (pick == 4) {
          d.children.put(".wh..wh..opq", new Node('o', 0644, null));
        }
        changeDir(r, l, d, depth - 1);
        out.children.put(name, d);
      }
    }
    if (r.nextInt(3) == 0) {
      out.children.put("n" + r.nextInt(100), Node.file(0644, "new " + r.nextInt(1000)));
    }
  }

  /** The tree as a tar, each dir's entries in a random order (a dir always before what it holds). */
  private static byte[] tar(Node root, Random r) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bo)) {
      write(t, "", root, r);
    }
    return bo.toByteArray();
  }

  private static void write(TarArchiveOutputStream t, String dir, Node node, Random r) throws IOException {
    List<String> names = new ArrayList<>(node.children.keySet());
    Collections.shuffle(names, r);
    for (String name : names) {
      Node c = node.children.get(name);
      String path = dir + name;
      TarArchiveEntry e = switch (c.type) {
        case 'd' -> new TarArchiveEntry(path + "/");
        case 'l' -> new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
        default -> new TarArchiveEntry(path);
      };
      byte[] data = c.type == 'f' ? c.data.getBytes() : new byte[0];
      e.setMode((c.type == 'd' ? 040000 : c.type == 'l' ? 0120000 : 0100000) | c.mode);
      e.setModTime(1_700_000_000_000L);
      e.setIds(c.mode == 0600 ? 7 : 0, 0);
      if (c.type == 'l') {
        e.setLinkName(c.data);
      }
      e.setSize(data.length);
      t.putArchiveEntry(e);
      t.write(data);
      t.closeArchiveEntry();
      if (c.type == 'd') {
        write(t, path + "/", c, r);
      }
    }
  }

  /** The layer's merged view as a tree, to change again. */
  private static Node seen(OverlayDriver driver, String id) throws IOException {
    Path merged = driver.get(id, MountOpts.DEFAULT);
    try {
      return read(merged);
    } finally {
      driver.put(id);
    }
  }

  private static Node read(Path dir) throws IOException {
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
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Node d = read(p);
        n.children.put(name, new Node('d', mode, null));
        n.children.get(name).children.putAll(d.children);
      } else {
        n.children.put(name, Node.file(mode, Files.readString(p)));
      }
    }
    return n;
  }

  private static byte[] diff(LayerContents lc, String id, String parent) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lc.diff(id, null, parent, null, out, Progress.NONE, Cancel.NEVER);
    return out.toByteArray();
  }

  private static void apply(LayerContents lc, String id, String parent, byte[] tar) throws IOException {
    lc.applyDiff(id, parent, IdMappings.IDENTITY, new ByteArrayInputStream(tar), Progress.NONE, Cancel.NEVER);
  }

  /** What the layer's mount shows: every entry a lookup finds, with type, mode, owner and content. */
  private static Map<String, String> view(OverlayDriver driver, String id) throws IOException {
    Path merged = driver.get(id, MountOpts.DEFAULT);
    try {
      Map<String, String> out = new TreeMap<>();
      walk(merged, merged, out);
      return out;
    } finally {
      driver.put(id);
    }
  }

  private static void walk(Path root, Path dir, Map<String, String> out) throws IOException {
    List<Path> children;
    try (var s = Files.list(dir)) {
      children = s.toList();
    }
    for (Path p : children) {
      Map<String, Object> a;
      try {
        a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        continue; // a whiteout inside an opaque dir: listed by readdir, found by no lookup
      }
      int mode = (Integer) a.get("mode");
      String v = Integer.toOctalString(mode) + " " + a.get("uid") + ":" + a.get("gid");
      if (Files.isSymbolicLink(p)) {
        v += " -> " + Files.readSymbolicLink(p);
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        v += " " + a.get("lastModifiedTime") + " " + sha(Files.readAllBytes(p));
      }
      out.put(root.relativize(p).toString(), v);
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        walk(root, p, out);
      }
    }
  }

  private static String sha(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
