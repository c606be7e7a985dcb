package dev.ovl.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.LayerContents;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inspector's listing keeps a Latin-1 name's bytes, so it finds the same name in a lower layer. */
class NotUtf8ListingTest {
  @Test
  void aLatin1NameModifiedInAChild() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("inspect-notutf8")) {
      Path base = tar(s, "base", "printf x > caf$e && printf y > ok");
      Path child = tar(s, "child", "printf xx > caf$e && ln -s caf$e l$e");
      Files.createDirectories(s.resolve("root"));
      try (OverlayDriver d = OverlayDriver.init(s.resolve("root/overlay"), s.resolve("run/overlay"), List.of(),
          IdMappings.IDENTITY)) {
        d.create("base", null, null);
        d.create("child", "base", null);
        try (InputStream b = Files.newInputStream(base); InputStream c = Files.newInputStream(child)) {
          LayerContents.of(d).applyDiff("base", null, IdMappings.IDENTITY, b, Progress.NONE, Cancel.NEVER);
          LayerContents.of(d).applyDiff("child", "base", IdMappings.IDENTITY, c, Progress.NONE, Cancel.NEVER);
        }
        assertThat(DiffListing.of(d, "child", Progress.NONE, Cancel.NEVER)).containsExactly(
            new DiffEntry("caf\uDCE9", DiffEntry.Type.FILE, 2, false, Change.MODIFIED, ""),
            new DiffEntry("l\uDCE9", DiffEntry.Type.SYMLINK, 0, false, Change.ADDED, "caf\uDCE9"));
      }
    }
  }

  private static Path tar(Scratch s, String name, String make) throws Exception {
    Path dir = Files.createDirectories(s.resolve(name));
    Path t = s.resolve(name + ".tar");
    Process p = new ProcessBuilder("sh", "-c", "cd \"$1\" && e=$(printf '\\351') && " + make
        + " && tar --format=posix -cf \"$2\" .", "sh", dir.toString(), t.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    return t;
  }
}
