package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.driver.LayerContents;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.GoStorage;
import dev.ovl.natives.RawNames;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same generated tars applied, exported and compared by ovl and by Debian's Go containers-storage. */
class LayerContentsInteropTest {
  static final String BASE = "b".repeat(64);
  static final String GNU = "9".repeat(64);
  static final String CHILD = "c".repeat(64);
  static final String F2D = "f".repeat(64);

  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void ovlAndGoAgreeOnAppliedTreesDiffsSizesAndChanges() throws Exception {
    try (Scratch s = Scratch.create("interop")) {
      Path src = Files.createDirectories(s.resolve("src"));
      Trees.everyType(src);
      Path baseTar = write(s.resolve("base.tar"), RoundTripTest.export(src, IdMappings.IDENTITY, List.of()));
      Path gnuTar = s.resolve("gnu.tar");
      run("tar", "--format=gnu", "--numeric-owner", "-C", src.toString(), "-cf", gnuTar.toString(), ".");
      Path childTar = write(s.resolve("child.tar"), new RawTar().file(".wh.empty", "").dir("dir")
          .file("dir/.wh..wh..opq", "").file("dir/new", "new").hardlink("newhard", "dir/new").dir("tmp")
          .file("tmp/t", "t").file("setuid", "replaced").bytes());
      Path f2dTar = write(s.resolve("f2d.tar"), new RawTar().dir("owned").dir("owned/sub")
          .file("owned/sub/inner", "i").bytes());

      GoStorage go = GoStorage.on(s.resolve("go-root"), s.resolve("go-run"));
      go.createLayer(BASE, null);
      go.applyDiff(BASE, baseTar);
      go.createLayer(GNU, null);
      go.applyDiff(GNU, gnuTar);
      go.createLayer(CHILD, BASE);
      go.applyDiff(CHILD, childTar);
      go.createLayer(F2D, BASE);
      go.applyDiff(F2D, f2dTar);

      Path ovlRoot = Files.createDirectories(s.resolve("ovl-root"));
      try (OverlayDriver d = OverlayDriver.init(ovlRoot.resolve("overlay"), s.resolve("ovl-run/overlay"),
          List.of(), IdMappings.IDENTITY)) {
        LayerContents lc = LayerContents.of(d);
        Map<String, Long> sizes = new TreeMap<>();
        for (String[] l : new String[][] {{BASE, null, baseTar.toString()}, {GNU, null, gnuTar.toString()},
            {CHILD, BASE, childTar.toString()}, {F2D, BASE, f2dTar.toString()}}) {
          d.create(l[0], l[1], null);
          try (InputStream in = Files.newInputStream(Path.of(l[2]))) {
            sizes.put(l[0], lc.applyDiff(l[0], l[1], IdMappings.IDENTITY, in, Progress.NONE, Cancel.NEVER));
          }
        }
        for (String id : List.of(BASE, GNU, CHILD, F2D)) {
          assertThat(diffTree(d.diffPath(id))).as("diff/ of %s", id).isEqualTo(diffTree(go.home().resolve(id)
              .resolve("diff")));
          String parent = id.equals(CHILD) || id.equals(F2D) ? BASE : null;
          long goSize = Long.parseLong(go.run(List.of("diffsize", id)).strip());
          assertThat(lc.diffSize(id, null, parent, null, Progress.NONE, Cancel.NEVER)).isEqualTo(goSize);
          assertThat(sizes.get(id)).isEqualTo(goSize);
        }

        assertThat(changes(lc, CHILD, BASE)).isEqualTo(goChanges(go, CHILD));
        assertThat(changes(lc, BASE, null)).isEqualTo(goChanges(go, BASE));
        assertThatThrownBy(() -> goChanges(go, F2D)).hasMessageContaining("not a directory"); // Go 1.43's bug
        assertThat(changes(lc, F2D, BASE)).containsExactly("C /owned", "A /owned/sub", "A /owned/sub/inner");

        for (String id : List.of(BASE, CHILD)) {
          Files.move(go.root().resolve("overlay-layers/" + id + ".tar-split.gz"), s.resolve(id + ".tar-split.gz"));
          Path goOut = s.resolve(id + ".go.tar");
          go.run(List.of("diff", "-f", goOut.toString(), id));
          ByteArrayOutputStream mine = new ByteArrayOutputStream();
          lc.diff(id, null, id.equals(CHILD) ? BASE : null, null, mine, Progress.NONE, Cancel.NEVER);
          assertThat(withoutWhiteoutTimes(entries(mine.toByteArray()))).as("diff of %s", id)
              .isEqualTo(withoutWhiteoutTimes(entries(Files.readAllBytes(goOut))));
        }
      }
    }
  }

  /** The snapshot of a diff dir; whiteout devices carry their creation time, so theirs is left out. */
  static Map<String, String> diffTree(Path dir) throws IOException {
    Map<String, String> m = TreeSnapshot.of(dir);
    m.replaceAll((k, v) -> v.contains("rdev=0:0") ? v.replaceAll(" mtime=\\d+", "") : v);
    return m;
  }

  /**
   * A whiteout's tar entry carries the mtime of its char device, which is when each side applied the layer: the two
   * can differ by a second, so it is left out (the time of every other entry is compared).
   */
  static List<String> withoutWhiteoutTimes(List<String> entries) {
    return entries.stream()
        .map(e -> e.matches("^(.*/)?\\.wh\\.[^ ]* .*") ? e.replaceAll(" mtime=\\d+", "") : e)
        .toList();
  }

  private static List<String> changes(LayerContents lc, String id, String parent) throws IOException {
    return lc.changes(id, null, parent, null, Progress.NONE, Cancel.NEVER).stream().map(Change::toString).toList();
  }

  /** Go prints {@code Add "/caf\xe9"} (%q): the bytes are unquoted back into a name. */
  static List<String> goChanges(GoStorage go, String id) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : go.run(List.of("changes", id)).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String kind = line.substring(0, line.indexOf(' '));
      String quoted = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int i = 0; i < quoted.length(); i++) {
        char c = quoted.charAt(i);
        if (c == '\\' && quoted.charAt(i + 1) == 'x') {
          b.write(Integer.parseInt(quoted.substring(i + 2, i + 4), 16));
          i += 3;
        } else if (c == '\\') {
          b.write(quoted.charAt(++i));
        } else {
          b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
      }
      String path = RawNames.decode(b.toByteArray());
      out.add((kind.equals("Add") ? "A" : kind.equals("Delete") ? "D" : "C") + " " + path);
    }
    return out;
  }
  /** Every entry of a tar, in order, with all its fields and a hash of its data. */
  static List<String> entries(byte[] tar) throws Exception {
    TarReader r = new TarReader(new ByteArrayInputStream(tar));
    List<String> out = new ArrayList<>();
    TarEntry e;
    while ((e = r.next()) != null) {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      r.copyData(data);
      StringBuilder sb = new StringBuilder(String.format("%s type=%c mode=%o uid=%d gid=%d size=%d link=%s "
          + "dev=%d:%d mtime=%d", e.name, (char) e.type, e.mode, e.uid, e.gid, e.size, e.linkName, e.devMajor,
          e.devMinor, whiteoutDevice(e) ? -1 : Math.floorDiv(e.mtimeNanos, 1_000_000_000L)));
      e.xattrs.forEach((k, v) -> sb.append(' ').append(k).append('=').append(HexFormat.of().formatHex(v)));
      sb.append(" sha256=").append(HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(data.toByteArray())));
      out.add(sb.toString());
    }
    return out;
  }

  /** An exported whiteout device: its time is when each store created it, so it is not compared. */
  private static boolean whiteoutDevice(TarEntry e) {
    return e.mode == 0 && TargetPaths.baseOf(e.name).startsWith(TarApply.WH_PREFIX);
  }

  private static Path write(Path p, byte[] bytes) throws IOException {
    return Files.write(p, bytes);
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + out);
    }
  }
}
