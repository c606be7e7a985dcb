package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.testing.RandomLayers;
import dev.ovl.testing.RandomLayers.Node;
import dev.ovl.testing.Root;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two ways a child layer can be applied, natively into its diff dir (overlay whiteouts) and naively through
 * its mount (the whiteouts delete), must give the same merged view. Seeded random layers: whiteouts of files and
 * of dirs, opaque markers anywhere among their dir's entries, files that become dirs and dirs that become files.
 */
class NaiveApplyParityTest {
  /** More with -Dovl.randomLayers=N when hunting. */
  private static final int LAYERS = Integer.getInteger("ovl.randomLayers", 12);

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
        Node base = RandomLayers.base(r);
        Node child = RandomLayers.change(r, base, true);
        String b = "base" + seed;
        f.driver.create(b, null, null);
        apply(lc, b, null, RandomLayers.tar(base, r));
        byte[] childTar = RandomLayers.tar(child, r);
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
        Node base = RandomLayers.base(r);
        String b = "base" + seed;
        String mid = "mid" + seed;
        String top = "top" + seed;
        f.driver.create(b, null, null);
        apply(lc, b, null, RandomLayers.tar(base, r));
        f.driver.create(mid, b, null);
        apply(lc, mid, b, RandomLayers.tar(RandomLayers.change(r, base, true), r));
        f.driver.create(top, mid, null);
        apply(lc, top, mid, RandomLayers.tar(RandomLayers.change(r, seen(f.driver, mid), true), r));
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

  /** The layer's merged view as a tree, to change again. */
  private static Node seen(OverlayDriver driver, String id) throws IOException {
    Path merged = driver.get(id, MountOpts.DEFAULT);
    try {
      return RandomLayers.read(merged);
    } finally {
      driver.put(id);
    }
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
      for (String x : Syscalls.llistxattr(p)) {
        v += " " + x + "=" + new String(Syscalls.lgetxattr(p, x).orElseThrow(), StandardCharsets.UTF_8);
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
