package dev.ovl.archive;

import static dev.ovl.archive.NotUtf8NamesTest.listing;
import static dev.ovl.archive.NotUtf8NamesTest.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.LayerContents;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.GoStorage;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Latin-1 names in every place a layer holds a name: ovl and Debian's Go containers-storage agree byte for byte. */
class NotUtf8InteropTest {
  static final String POSIX = "1".repeat(64);
  static final String GNU = "2".repeat(64);
  static final String CHILD = "3".repeat(64);

  @Test
  void ovlAndGoKeepTheSameBytes() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("notutf8-interop")) {
      Path src = Files.createDirectory(s.resolve("src"));
      String longDir = "l".repeat(110);
      sh("cd \"$1\" && e=$(printf '\\351') && printf x > caf$e && mkdir d$e && printf y > d$e/f$e"
          + " && ln -s caf$e d$e/ln && ln caf$e hard$e && mkdir -p " + longDir + "$e/" + longDir
          + " && printf z > " + longDir + "$e/" + longDir + "/n$e && ln -s " + longDir + "$e/" + longDir
          + "/n$e long$e && mkfifo p$e", src.toString());
      Path posix = s.resolve("posix.tar");
      Path gnu = s.resolve("gnu.tar");
      sh("tar --format=posix --numeric-owner -C \"$1\" -cf \"$2\" . && tar --format=gnu --numeric-owner -C \"$1\" "
          + "-cf \"$3\" .", src.toString(), posix.toString(), gnu.toString());
      Path child = Files.write(s.resolve("child.tar"), new RawTar().file(".wh.caf\uDCE9", "")
          .dir("d\uDCE9").file("d\uDCE9/.wh.f\uDCE9", "").file("d\uDCE9/new\uDCFF", "new")
          .file("hard\uDCE9", "changed").bytes());

      GoStorage go = GoStorage.on(s.resolve("go-root"), s.resolve("go-run"));
      Path ovlRoot = Files.createDirectories(s.resolve("ovl-root"));
      try (OverlayDriver d = OverlayDriver.init(ovlRoot.resolve("overlay"), s.resolve("ovl-run/overlay"),
          List.of(), IdMappings.IDENTITY)) {
        LayerContents lc = LayerContents.of(d);
        for (String[] l : new String[][] {{POSIX, null, posix.toString()}, {GNU, null, gnu.toString()},
            {CHILD, POSIX, child.toString()}}) {
          go.createLayer(l[0], l[1]);
          go.applyDiff(l[0], Path.of(l[2]));
          d.create(l[0], l[1], null);
          long size;
          try (InputStream in = Files.newInputStream(Path.of(l[2]))) {
            size = lc.applyDiff(l[0], l[1], IdMappings.IDENTITY, in, Progress.NONE, Cancel.NEVER);
          }
          Path goDiff = go.home().resolve(l[0]).resolve("diff");
          assertThat(listing(d.diffPath(l[0]))).as("diff/ of %s", l[0]).isEqualTo(listing(goDiff))
              .contains("caf\u00e9");
          assertThat(LayerContentsInteropTest.diffTree(d.diffPath(l[0])))
              .isEqualTo(LayerContentsInteropTest.diffTree(goDiff));
          long goSize = Long.parseLong(go.run(List.of("diffsize", l[0])).strip());
          assertThat(size).isEqualTo(goSize);
          assertThat(lc.diffSize(l[0], null, l[1], null, Progress.NONE, Cancel.NEVER)).isEqualTo(goSize);
        }

        assertThat(changes(lc, CHILD, POSIX)).isEqualTo(LayerContentsInteropTest.goChanges(go, CHILD))
            .contains("D /caf\uDCE9", "A /d\uDCE9/new\uDCFF");
        assertThat(changes(lc, POSIX, null)).isEqualTo(LayerContentsInteropTest.goChanges(go, POSIX)).hasSize(10);

        // the naive path (against no parent: CHILD's merged view) compares and exports the same names
        assertThat(changes(lc, CHILD, null)).contains("A /d\uDCE9/new\uDCFF", "A /hard\uDCE9", "A /p\uDCE9")
            .doesNotContain("A /caf\uDCE9", "A /d\uDCE9/f\uDCE9");
        ByteArrayOutputStream naive = new ByteArrayOutputStream();
        lc.diff(CHILD, null, null, null, naive, Progress.NONE, Cancel.NEVER);
        assertThat(LayerContentsInteropTest.entries(naive.toByteArray()))
            .anyMatch(e -> e.startsWith("d\uDCE9/new\uDCFF "))
            .anyMatch(e -> e.startsWith("long\uDCE9 type=2 ") && e.contains(" link=" + longDir + "\uDCE9/"))
            .noneMatch(e -> e.startsWith("caf\uDCE9 "));

        for (String id : List.of(POSIX, CHILD)) {
          Files.move(go.root().resolve("overlay-layers/" + id + ".tar-split.gz"), s.resolve(id + ".tar-split.gz"));
          Path goOut = s.resolve(id + ".go.tar");
          go.run(List.of("diff", "-f", goOut.toString(), id));
          ByteArrayOutputStream mine = new ByteArrayOutputStream();
          lc.diff(id, null, id.equals(CHILD) ? POSIX : null, null, mine, Progress.NONE, Cancel.NEVER);
          byte[] goBytes = Files.readAllBytes(goOut);
          assertThat(LayerContentsInteropTest.withoutWhiteoutTimes(LayerContentsInteropTest.entries(mine.toByteArray())))
              .as("diff of %s", id)
              .isEqualTo(LayerContentsInteropTest.withoutWhiteoutTimes(LayerContentsInteropTest.entries(goBytes)));
          if (id.equals(POSIX)) { // no whiteout, whose time is each side's own: the very same bytes
            assertThat(mine.toByteArray()).isEqualTo(goBytes);
          }
        }
      }
    }
  }

  private static List<String> changes(LayerContents lc, String id, String parent) throws Exception {
    return lc.changes(id, null, parent, null, Progress.NONE, Cancel.NEVER).stream().map(Change::toString).toList();
  }
}
