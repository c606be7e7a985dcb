package dev.ovl.gui;

import static dev.ovl.demo.DemoStore.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.gui.events.ErrorDialog;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.inspect.DiffEntry;
import dev.ovl.inspect.DiffListing;
import dev.ovl.testing.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Long work can be cancelled from the status bar; failures show a one-line error with details. */
class TasksTest {

  @Test
  void cancelStopsARealDiffWalkAndDeliversNothing() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      Path diff = f.demo.root().resolve("overlay").resolve(id("tools")).resolve("diff");
      Path many = Files.createDirectories(diff.resolve("many"));
      for (int i = 0; i < 3000; i++) {
        Files.writeString(many.resolve("f" + i), "x");
      }
      CountDownLatch started = new CountDownLatch(1);
      AtomicReference<List<DiffEntry>> delivered = new AtomicReference<>();
      long[] seen = {0};
      f.fx(() -> f.window.model().tasks().run("Slow diff walk",
          (p, c) -> DiffListing.of(f.window.model().sessionProperty().get().driver(), id("tools"), (b, n) -> {
            started.countDown();
            seen[0] = n;
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }, c), delivered::set));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      Button cancel = f.node("#status-cancel");
      assertThat(cancel.isVisible()).isTrue();
      f.robot.clickOn(cancel);
      f.waitIdle();
      assertThat(delivered.get()).as("a cancelled job delivers no result").isNull();
      assertThat(seen[0]).as("stopped early").isLessThan(3000);
      assertThat(f.<Label>node("#status-message").getText()).isEqualTo("Slow diff walk: cancelled");
      assertThat(cancel.isVisible()).isFalse();
    }
  }

  @Test
  void aFailureShowsItsCauseOnOneLineWithDetails() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      Path notAStore = f.scratch.resolve("plain-file");
      Files.writeString(notAStore, "not a directory");
      f.fx(() -> f.window.open(new StoreSpec(notAStore, f.scratch.resolve("run"), List.of(), false), false, s -> { }));
      f.waitIdle();
      DialogPane pane = f.robot.lookup("#error-dialog").queryAs(DialogPane.class);
      assertThat(pane.getHeaderText()).doesNotContain("\n").contains(notAStore.toString());
      assertThat(pane.getExpandableContent().lookup("#error-details")).isNotNull();
      assertThat(((javafx.scene.control.TextArea) pane.getExpandableContent()).getText()).contains("at dev.ovl.");
      assertThat(f.window.model().sessionProperty().get().spec().root()).as("the open store is kept")
          .isEqualTo(f.demo.root());
      f.fx(() -> ((javafx.stage.Stage) pane.getScene().getWindow()).close());
    }
  }

  @Test
  void oneLineTakesTheFirstLineOfTheInnermostMessage() {
    Exception e = new RuntimeException(null, new java.io.IOException("disk on fire\nsecond line"));
    assertThat(ErrorDialog.oneLine(e)).isEqualTo("disk on fire");
    assertThat(ErrorDialog.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  @Test
  void screenshotWritesAPngOfTheChosenView() throws Exception {
    Root.require();
    try (dev.ovl.testing.Scratch s = dev.ovl.testing.Scratch.create("shot")) {
      Path png = s.resolve("chain.png");
      System.setProperty("ovl.demo.dir", s.path().toString());
      int code = WaitForAsyncUtils.async(() -> Launcher.run(new String[] {"--demo", "--screenshot", png.toString(),
          "--view", "chain", "--size", "900x600"})).get(60, TimeUnit.SECONDS);
      assertThat(code).isZero();
      java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
      assertThat(img.getWidth()).isEqualTo(900);
      assertThat(img.getHeight()).isEqualTo(600);
      try (var left = Files.list(s.path())) {
        assertThat(left.map(p -> p.getFileName().toString())).as("demo store removed on exit")
            .containsExactly("chain.png");
      }
    }
  }
}
