package dev.ovl.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.inspect.LinkRow;
import dev.ovl.testing.Root;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** A page first shown with data starts at its bars and grows to the full height of its tab, then stays there. */
class UnfoldTest {
  @Test
  void aPageFirstShownWithDataUnfoldsToFullHeightOnce() throws Exception {
    Root.require();
    try (GuiFixture f = GuiFixture.open(false)) {
      f.fx(() -> f.window.show("layers"));
      @SuppressWarnings("unchecked")
      TableView<LinkRow> links = (TableView<LinkRow>) f.window.pages().stream()
          .filter(p -> p.id().equals("links")).findFirst().orElseThrow().node();
      double[] first = new double[1];
      WaitForAsyncUtils.asyncFx(() -> {
        f.window.show("links");
        links.getParent().applyCss();
        links.getParent().layout();
        first[0] = links.getHeight();
      }).get(10, TimeUnit.SECONDS);
      assertThat(first[0]).as("height in the pulse it is first shown").isLessThanOrEqualTo(40);
      assertThat(WaitForAsyncUtils.asyncFx(f.window::unfolding).get()).isTrue();

      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !WaitForAsyncUtils.asyncFx(f.window::unfolding).get());
      WaitForAsyncUtils.waitForFxEvents();
      double tab = links.getParent().getLayoutBounds().getHeight();
      assertThat(tab).isGreaterThan(300);
      assertThat(links.getHeight()).as("unfolded to the tab's height").isEqualTo(tab);
      assertThat(links.getItems()).isNotEmpty();

      f.fx(() -> f.window.show("layers"));
      f.fx(() -> f.window.model().refresh());
      f.waitIdle();
      f.fx(() -> f.window.show("links"));
      assertThat(WaitForAsyncUtils.asyncFx(f.window::unfolding).get()).as("unfolds only once").isFalse();
      assertThat(links.getHeight()).isEqualTo(tab);
    }
  }
}
