package dev.ovl.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.demo.DemoStore;
import dev.ovl.gui.layout.MainWindow;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One inspector window on a freshly built demo store in a scratch dir, driven by a TestFX robot. Closing it closes
 * the window and unmounts and deletes the store.
 */
final class GuiFixture implements AutoCloseable {
  final Scratch scratch;
  final DemoStore demo;
  final MainWindow window;
  final FxRobot robot = new FxRobot();

  private GuiFixture(Scratch scratch, DemoStore demo, MainWindow window) {
    this.scratch = scratch;
    this.demo = demo;
    this.window = window;
  }

  /** A demo store opened read-write (or read-only). */
  static GuiFixture open(boolean readOnly) throws Exception {
    FxToolkit.registerPrimaryStage();
    Scratch s = Scratch.create("gui");
    DemoStore demo;
    try {
      demo = DemoStore.create(s.path());
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    MainWindow w = WaitForAsyncUtils.asyncFx(() -> {
      MainWindow mw = new MainWindow(new Stage(), 1280, 800);
      mw.stage().show();
      mw.open(new StoreSpec(demo.root(), demo.runRoot(), List.of(), readOnly), false, x -> { });
      return mw;
    }).get(20, TimeUnit.SECONDS);
    GuiFixture f = new GuiFixture(s, demo, w);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !WaitForAsyncUtils.asyncFx(w::building).get());
    f.waitIdle();
    assertThat(w.model().inventoryProperty().get()).as("store opened").isNotNull();
    return f;
  }

  /** Waits until no job is queued or running, then for the FX events it caused. */
  void waitIdle() throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.model().tasks().idle());
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Selects a layer as a click in a view would. */
  void select(String demoLayer) throws Exception {
    fx(() -> window.model().selectedLayerProperty().set(DemoStore.id(demoLayer)));
    waitIdle();
  }

  void fx(Runnable r) throws Exception {
    WaitForAsyncUtils.asyncFx(r).get(20, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitForFxEvents();
  }

  <T extends Node> T node(String query) {
    return robot.from(window.scene().getRoot()).lookup(query).query();
  }

  /** Presses {@code button} in the open confirmation dialog, returning the text it showed. */
  String confirm(String button) {
    WaitForAsyncUtils.waitForFxEvents();
    DialogPane pane = robot.lookup("#confirm-dialog").queryAs(DialogPane.class);
    String details = ((javafx.scene.control.Label) pane.getContent()).getText();
    ButtonType type = pane.getButtonTypes().stream().filter(b -> b.getText().equals(button)).findFirst()
        .orElseThrow();
    Button b = (Button) pane.lookupButton(type);
    // fire() rather than a synthetic click: Monocle places dialog windows unpredictably.
    WaitForAsyncUtils.asyncFx(b::fire);
    WaitForAsyncUtils.waitForFxEvents();
    return details;
  }

  @Override
  public void close() throws Exception {
    try {
      waitIdle();
      WaitForAsyncUtils.asyncFx(() -> window.stage().close()).get(20, TimeUnit.SECONDS);
    } finally {
      try {
        demo.close();
      } finally {
        scratch.close();
      }
    }
  }
}
