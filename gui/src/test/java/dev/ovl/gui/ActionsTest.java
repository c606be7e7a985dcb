package dev.ovl.gui;

import static dev.ovl.demo.DemoStore.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.inspect.ChainEntry;
import dev.ovl.inspect.LinkState;
import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/** Each action says what it will change, does it, and the views follow; checked on disk and in mountinfo. */
class ActionsTest {

  @Test
  void mountReadWriteThenUnmount() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      f.select("python");
      Path merged = f.demo.root().resolve("overlay").resolve(id("python")).resolve("merged");
      assertThat(MountInfo.isMountPoint(merged)).isFalse();
      f.robot.clickOn("#action-mount-rw");
      String said = f.confirm("Mount");
      assertThat(said).contains(merged.toString()).contains("read-write").contains("2 lower layer(s)");
      f.waitIdle();
      assertThat(MountInfo.at(merged)).singleElement().satisfies(m -> {
        assertThat(m.fsType()).isEqualTo("overlay");
        assertThat(m.superOptions()).contains("upperdir=");
      });
      assertThat(Files.exists(merged.resolve("usr/bin/python3"))).isTrue();
      assertThat(Files.exists(merged.resolve("etc/motd"))).as("whited out").isFalse();
      assertThat(f.window.model().selected().orElseThrow().mounted()).as("views refreshed").isTrue();

      f.robot.clickOn("#action-unmount");
      assertThat(f.confirm("Unmount")).contains("Unmounts " + merged);
      f.waitIdle();
      assertThat(MountInfo.isMountPoint(merged)).isFalse();
      assertThat(f.window.model().selected().orElseThrow().mounted()).isFalse();
    }
  }

  @Test
  void mountReadOnlyAndCancelChangesNothing() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      f.select("web");
      Path merged = f.demo.root().resolve("overlay").resolve(id("web")).resolve("merged");
      f.robot.clickOn("#action-mount-ro");
      f.confirm("Cancel");
      f.waitIdle();
      assertThat(MountInfo.isMountPoint(merged)).as("cancelled: nothing mounted").isFalse();

      f.robot.clickOn("#action-mount-ro");
      assertThat(f.confirm("Mount")).contains("read-only");
      f.waitIdle();
      assertThat(MountInfo.at(merged)).singleElement()
          .satisfies(m -> assertThat(m.options().split(",")).contains("ro"));
      assertThat(Files.exists(merged.resolve("srv/www/index.html"))).isTrue();
    }
  }

  @Test
  void recreateLinksRestoresTheMissingLinkAndTheChainHeals() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      String webLink = f.window.model().sessionProperty().get().driver().layer(id("web")).link().orElseThrow();
      Path link = f.demo.root().resolve("overlay/l").resolve(webLink);
      assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
      f.robot.clickOn("#action-recreate-links");
      assertThat(f.confirm("Recreate")).contains(webLink + " -> ../" + id("web") + "/diff");
      f.waitIdle();
      assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("..", id("web"), "diff"));
      f.select("app");
      f.fx(() -> f.window.show("chain"));
      TableView<ChainEntry> chain = f.node("#chain-table");
      assertThat(chain.getItems()).extracting(ChainEntry::state).containsOnly(LinkState.OK);
      assertThat(f.window.model().selected().orElseThrow().chainOk()).isTrue();
    }
  }

  @Test
  void readOnlyDisablesEveryAction() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(true)) {
      f.select("python");
      Label banner = f.node("#read-only-banner");
      assertThat(banner.isVisible()).isTrue();
      assertThat(banner.getText()).startsWith("Read-only");
      for (String id : new String[] {"#action-mount-rw", "#action-mount-ro", "#action-unmount",
          "#action-recreate-links"}) {
        assertThat(f.<Button>node(id).isDisabled()).as(id).isTrue();
      }
      assertThat(f.window.model().actionsDisabled().get()).isTrue();
      Path home = f.demo.root().resolve("overlay");
      assertThat(MountInfo.at(home)).as("read-only does not bind-mount the home again").hasSizeLessThanOrEqualTo(1);
    }
  }
}
