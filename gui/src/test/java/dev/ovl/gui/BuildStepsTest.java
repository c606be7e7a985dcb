package dev.ovl.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.gui.layout.MainWindow;
import java.util.concurrent.TimeUnit;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The window shows empty and its parts join on the following pulses, one per pulse. */
class BuildStepsTest {
  @Test
  void theWindowIsBuiltOverSeveralPulses() throws Exception {
    FxToolkit.registerPrimaryStage();
    MainWindow w = WaitForAsyncUtils.asyncFx(() -> new MainWindow(new Stage(), 1000, 700)).get(20, TimeUnit.SECONDS);
    try {
      BorderPane root = WaitForAsyncUtils.asyncFx(() -> {
        w.stage().show();
        return (BorderPane) w.scene().getRoot();
      }).get(20, TimeUnit.SECONDS);
      assertThat(root.getCenter()).as("no pages in the first show").isNull();
      assertThat(root.getBottom()).isNull();
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !WaitForAsyncUtils.asyncFx(w::building).get());
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(root.getCenter()).isNotNull();
      assertThat(root.getBottom()).isNotNull();
      assertThat(w.scene().lookup(".menu-bar")).isNotNull();
      assertThat(w.scene().lookup("#action-refresh")).isNotNull();
      assertThat(w.pages().get(0).node().getScene()).as("the selected page is shown").isSameAs(w.scene());
    } finally {
      WaitForAsyncUtils.asyncFx(() -> w.stage().close()).get(10, TimeUnit.SECONDS);
    }
  }
}
