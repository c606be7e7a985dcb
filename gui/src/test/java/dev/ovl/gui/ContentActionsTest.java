package dev.ovl.gui;

import static dev.ovl.demo.DemoStore.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.idtools.IdMappings;
import dev.ovl.inspect.DiffExport;
import dev.ovl.testing.Root;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Export and ID-map rotation through core's LayerContents, checked in the tar and on disk. */
class ContentActionsTest {

  @Test
  void exportWritesTheLayersChangesAsATar() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      f.select("python");
      Path tar = f.scratch.resolve("python.tar");
      WaitForAsyncUtils.asyncFx(() -> f.window.contentActions().exportDiff(tar));
      String said = f.confirm("Export");
      assertThat(said).contains(tar.toString()).contains("against its parent").contains("leaves no file");
      f.waitIdle();
      List<String> names = new ArrayList<>();
      try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
        for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
          names.add(e.getName());
        }
      }
      assertThat(names).contains("usr/bin/python3", "usr/lib/python3/os.py", "etc/.wh.motd",
          "var/cache/apt/.wh..wh..opq", "var/cache/apt/fresh.txt").doesNotContain("etc/passwd");
      try (var left = Files.list(f.scratch.path())) {
        assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("ovl-export"));
      }
    }
  }

  @Test
  void cancelledExportLeavesNoFile() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      Path many = Files.createDirectories(f.demo.root().resolve("overlay").resolve(id("tools")).resolve("diff/many"));
      for (int i = 0; i < 3000; i++) {
        Files.writeString(many.resolve("f" + i), "x".repeat(100));
      }
      Path tar = f.scratch.resolve("tools.tar");
      CountDownLatch started = new CountDownLatch(1);
      f.fx(() -> f.window.model().tasks().run("Exporting tools", (p, c) -> {
        DiffExport.toFile(f.window.model().sessionProperty().get().driver(), id("tools"), id("base"), tar,
            (b, n) -> {
              started.countDown();
              try {
                Thread.sleep(2);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }, c);
        return tar;
      }, x -> { }));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      f.robot.clickOn(f.<Button>node("#status-cancel"));
      f.waitIdle();
      assertThat(f.<Label>node("#status-message").getText()).isEqualTo("Exporting tools: cancelled");
      try (var left = Files.list(f.scratch.path())) {
        assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("tools.tar"));
      }
    }
  }

  @Test
  void rotateIdMapsPreviewsTheCountThenChownsAndRotatesDiff() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      f.select("web");
      IdMappings to = IdMappings.parse("0:100000:65536", "0:100000:65536");
      WaitForAsyncUtils.asyncFx(() -> f.window.contentActions().rotateIdMaps(IdMappings.IDENTITY, to));
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> f.robot.lookup("#confirm-dialog").tryQuery().isPresent());
      long entries = countMerged(f.demo.root().resolve("overlay")) + 1;
      String said = f.confirm("Rotate");
      Path layer = f.demo.root().resolve("overlay").resolve(id("web"));
      assertThat(said).contains("Chowns " + entries + " of the " + entries + " entries");
      f.waitIdle();
      assertThat(Files.isDirectory(layer.resolve("diff1"))).isTrue();
      try (var fresh = Files.list(layer.resolve("diff"))) {
        assertThat(fresh).isEmpty();
      }
      Path passwd = layer.resolve("diff1/etc/passwd");
      assertThat(Files.getAttribute(passwd, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(100000);
      assertThat(Files.getAttribute(layer.resolve("diff1/srv/www/index.html"), "unix:gid")).isEqualTo(100000);
      assertThat(f.window.model().selected().orElseThrow().id()).isEqualTo(id("web"));
    }
  }

  /** Entries below web's merged root: web's diff over base's, counted by distinct path. */
  private static long countMerged(Path home) throws Exception {
    java.util.Set<String> paths = new java.util.HashSet<>();
    for (String layer : List.of("web", "base")) {
      Path diff = home.resolve(id(layer)).resolve("diff");
      try (var all = Files.walk(diff)) {
        all.filter(p -> !p.equals(diff)).forEach(p -> paths.add(diff.relativize(p).toString()));
      }
    }
    return paths.size();
  }
}
