package dev.ovl.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.gui.pages.Page;
import dev.ovl.testing.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.SkinBase;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Once a store is open, the pages not shown yet join the scene hidden and folded, with their skins made. */
class PrepareTest {
  @Test
  void hiddenPagesGetTheirSkinsBeforeTheirFirstShow() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !WaitForAsyncUtils.asyncFx(f.window::preparing).get());
      WaitForAsyncUtils.waitForFxEvents();
      List<String> unskinned = WaitForAsyncUtils.asyncFx(() -> {
        List<String> out = new ArrayList<>();
        for (Page p : f.window.pages()) {
          if (p.node().getScene() == null) {
            out.add(p.id() + ": not in the scene");
          }
          controls(p.node()).stream().filter(c -> c.getSkin() == null)
              .forEach(c -> out.add(p.id() + ": " + c.getClass().getSimpleName() + " has no skin"));
        }
        return out;
      }).get(10, TimeUnit.SECONDS);
      assertThat(unskinned).isEmpty();
      Node links = f.window.pages().stream().filter(p -> p.id().equals("links")).findFirst().orElseThrow().node();
      assertThat(links.isVisible() && links.getParent().getParent().isVisible()).as("hidden behind its tab")
          .isFalse();
      assertThat(links.getLayoutBounds().getHeight()).as("folded: no rows made yet").isLessThanOrEqualTo(40);
      assertThat(WaitForAsyncUtils.asyncFx(f.window::unfolding).get()).isFalse();

      f.fx(() -> f.window.show("links"));
      assertThat(WaitForAsyncUtils.asyncFx(f.window::unfolding).get()).as("unfolds on its first show").isTrue();
    }
  }

  private static List<Control> controls(Node n) {
    List<Control> out = new ArrayList<>();
    if (n instanceof Control c) {
      out.add(c);
    }
    if (n instanceof Parent p && !(n instanceof Control c && c.getSkin() instanceof SkinBase<?>)) {
      p.getChildrenUnmodifiable().forEach(k -> out.addAll(controls(k)));
    }
    return out;
  }
}
