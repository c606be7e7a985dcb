package dev.ovl.gui;

import dev.ovl.demo.DemoStore;
import dev.ovl.gui.events.ErrorDialog;
import dev.ovl.gui.layout.MainWindow;
import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.inspect.Host;
import dev.ovl.inspect.Inventory;
import dev.ovl.inspect.LayerRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the window for a command line: which store to open, which view, and the screenshot mode. */
public final class InspectorApp {
  private static final Logger log = LoggerFactory.getLogger(InspectorApp.class);
  /** Where demo stores are built (on the root filesystem, not tmpfs). */
  static Path demoParent() {
    return Path.of(System.getProperty("ovl.demo.dir", "/var/tmp"));
  }

  private final Args args;
  private final MainWindow window;
  private final List<DemoStore> demos = new ArrayList<>();

  private InspectorApp(Args args, MainWindow window) {
    this.args = args;
    this.window = window;
  }

  /** Builds and shows the window on {@code stage}; {@code exit} gets the exit code when it is done. FX thread. */
  static InspectorApp start(Stage stage, Args args, IntConsumer exit) {
    InspectorApp app = new InspectorApp(args, new MainWindow(stage, args.width(), args.height()));
    app.window.setDemoOpener(app::openDemo);
    stage.setOnHidden(e -> exit.accept(0));
    // Shown in a runnable of its own: building the window and showing it are two shorter waits of the FX thread.
    Platform.runLater(() -> {
      stage.show();
      app.openFirst(exit);
    });
    return app;
  }

  public MainWindow window() {
    return window;
  }

  private void openFirst(IntConsumer exit) {
    if (args.screenshot() != null) { // nothing would settle for the picture: say why and end
      window.model().tasks().onFailure((title, e) -> {
        System.err.println("ovl gui: " + title + " failed: " + ErrorDialog.oneLine(e));
        exit.accept(1);
      });
    }
    Runnable after = () -> {
      window.show(args.view());
      pickLayer().ifPresent(window.model().selectedLayerProperty()::set);
      if (args.screenshot() != null) {
        Screenshot.whenIdle(window, args.screenshot(), exit);
      }
    };
    boolean readOnly = args.readOnly() || !Host.isRoot();
    Path runRoot = args.runRoot() != null ? args.runRoot() : Host.DEFAULT_RUNROOT;
    if (args.demo()) {
      openDemo(after);
    } else if (args.root() != null) {
      window.open(new StoreSpec(args.root(), runRoot, args.options(), readOnly), args.screenshot() == null,
          s -> after.run());
    } else if (Host.hasStore(Host.DEFAULT_ROOT)) {
      window.open(new StoreSpec(Host.DEFAULT_ROOT, runRoot, args.options(), readOnly), false, s -> after.run());
    } else if (args.screenshot() != null || offerDemo()) {
      openDemo(after);
    } else {
      log.info("no store at {}; use File > Open store…", Host.DEFAULT_ROOT);
    }
  }

  private boolean offerDemo() {
    if (!Host.isRoot()) {
      log.warn("no store at {}, and a demo store needs root (it mounts); use File > Open store…",
          Host.DEFAULT_ROOT);
      return false;
    }
    Alert a = new Alert(Alert.AlertType.CONFIRMATION);
    a.initOwner(window.stage());
    a.setTitle("No store found");
    a.setHeaderText("There is no container store at " + Host.DEFAULT_ROOT + ".");
    a.setContentText("Open a demo store? It is built in " + demoParent() + " (a few images sharing base layers, a "
        + "mounted container layer, a chain with a missing l/ link, a layer with whiteouts) and removed on exit.");
    ButtonType demo = new ButtonType("Open demo store", ButtonBar.ButtonData.OK_DONE);
    a.getButtonTypes().setAll(demo, ButtonType.CANCEL);
    return a.showAndWait().filter(demo::equals).isPresent();
  }

  /** Builds a demo store off the FX thread and opens it; it is deleted when the inspector exits. */
  void openDemo(Runnable after) {
    window.model().tasks().run("Building demo store", (p, c) -> DemoStore.create(demoParent()), demo -> {
      demos.add(demo);
      log.info("demo store built in {}", demo.root().getParent());
      window.open(new StoreSpec(demo.root(), demo.runRoot(), List.of(), args.readOnly()), false,
          (Session s) -> after.run());
    });
  }

  /** The layer to select first: --layer, else the first with a broken chain, else the deepest. */
  private Optional<String> pickLayer() {
    Inventory inv = window.model().inventoryProperty().get();
    if (inv == null || inv.layers().isEmpty()) {
      return Optional.empty();
    }
    if (args.layer() != null) {
      return inv.layers().stream().map(LayerRow::id).filter(id -> id.startsWith(args.layer())).findFirst();
    }
    if (args.view().equals("diff")) {
      return inv.layers().stream().filter(r -> !r.mounted()).max(Comparator.comparingLong(LayerRow::diffSize))
          .map(LayerRow::id);
    }
    return inv.layers().stream().filter(r -> !r.chainOk()).findFirst()
        .or(() -> inv.layers().stream().max(Comparator.comparingInt(LayerRow::depth))).map(LayerRow::id);
  }

  /** Unmounts and deletes the demo stores this run built. */
  void close() {
    for (DemoStore d : demos) {
      try {
        d.close();
      } catch (IOException e) {
        log.warn("could not remove demo store {}: {}", d.root().getParent(), e.getMessage());
      }
    }
    demos.clear();
  }
}
