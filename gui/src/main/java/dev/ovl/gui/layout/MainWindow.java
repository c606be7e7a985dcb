package dev.ovl.gui.layout;

import dev.ovl.gui.events.Actions;
import dev.ovl.gui.events.ContentActions;
import dev.ovl.gui.events.RepairActions;
import dev.ovl.gui.events.ErrorDialog;
import dev.ovl.gui.model.RecentStores;
import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.gui.model.TaskRunner;
import dev.ovl.gui.pages.ChainPage;
import dev.ovl.gui.pages.DiffPage;
import dev.ovl.gui.pages.HealthPage;
import dev.ovl.gui.pages.LayersPage;
import dev.ovl.gui.pages.LinksPage;
import dev.ovl.gui.pages.MountsPage;
import dev.ovl.gui.pages.Page;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The inspector window: menu, tool bar, read-only banner, the pages as tabs, the log pane and the status bar. */
public final class MainWindow {
  private final Stage stage;
  private final TaskRunner tasks;
  private final StoreModel model;
  private final Actions actions;
  private final ContentActions contentActions;
  private final RepairActions repairActions;
  private final LayersPage layers;
  private final List<Page> pages;
  private final TabPane tabs = new TabPane();
  private final Label banner = new Label();
  private final Label storeLabel = new Label("no store");
  private final LogPane log = new LogPane();
  private final RecentStores recent = RecentStores.user();
  private final Scene scene;
  private final Prepare prepare;
  private final Steps building;
  private Consumer<Runnable> demoOpener = r -> { };

  public MainWindow(Stage stage, double width, double height) {
    this.stage = stage;
    Preload.controls();
    this.tasks = new TaskRunner(e -> ErrorDialog.show(stage, e));
    this.model = new StoreModel(tasks);
    this.actions = new Actions(model, () -> stage);
    this.contentActions = new ContentActions(model, () -> stage);
    this.repairActions = new RepairActions(model, () -> stage);
    this.layers = new LayersPage(model);
    this.pages = List.of(layers, new ChainPage(model), new LinksPage(model), new MountsPage(model),
        new DiffPage(model), new HealthPage(model));
    for (Page p : pages) {
      Tab t = new Tab(p.title());
      t.setId("tab-" + p.id());
      t.setClosable(false);
      t.setUserData(Unfold.of(p.node()));
      tabs.getTabs().add(t);
    }
    // A page joins the scene when first shown: hidden pages cost no CSS or layout while a store opens.
    tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> show(t));
    // The other pages join it, hidden, in idle steps once a store is open: see Prepare.
    prepare = Prepare.of(tabs.getTabs(), () -> !tasks.idle() || unfolding() || building(), MainWindow::attach);
    model.inventoryProperty().addListener((o, a, inv) -> {
      Tab shown = tabs.getSelectionModel().getSelectedItem();
      tabs.getTabs().forEach(t -> holder(t).fold());
      show(shown);
      prepare.start();
    });
    tabs.setId("pages");
    banner.setId("read-only-banner");
    banner.getStyleClass().add("banner");
    banner.setMaxWidth(Double.MAX_VALUE);
    banner.setWrapText(true);
    banner.managedProperty().bind(banner.visibleProperty());
    banner.setVisible(false);
    SplitPane center = new SplitPane(tabs, log);
    center.setOrientation(Orientation.VERTICAL);
    center.setDividerPositions(0.8);
    BorderPane root = new BorderPane();
    VBox top = new VBox();
    root.setTop(top);
    scene = new Scene(root, width, height);
    // The window shows empty; its parts join a pulse each, so no pulse makes all the skins of the window.
    var menu = new MenuBuilder(this).build();
    ToolBar bar = toolBar();
    StatusBar status = new StatusBar(tasks, storeLabel);
    building = Steps.start(List.of(() -> top.getChildren().add(menu), () -> top.getChildren().addAll(bar, banner),
        () -> root.setBottom(status), () -> root.setCenter(center),
        () -> show(tabs.getSelectionModel().getSelectedItem())));
    scene.getStylesheets().add(MainWindow.class.getResource("/dev/ovl/gui/inspector.css").toExternalForm());
    stage.setScene(scene);
    stage.setTitle("ovl inspector");
    stage.setMinWidth(800);
    stage.setMinHeight(500);
    stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> log.close());
    model.sessionProperty().addListener((o, a, s) -> {
      storeLabel.setText(s == null ? "no store" : s.spec().root() + (s.spec().readOnly() ? " (read-only)" : ""));
      stage.setTitle(s == null ? "ovl inspector" : "ovl inspector — " + s.spec().root());
    });
  }

  /** Starts loading JavaFX's control classes in the background; call it before the toolkit starts, for a head start. */
  public static void preload() {
    Preload.controls();
  }

  /**
   * Loads JavaFX's default stylesheet, which the first control would otherwise load inside the window's build; run
   * it in an FX runnable of its own before building the window, so that the FX thread waits twice, each time less.
   */
  public static void loadStyles() {
    javafx.application.Application.setUserAgentStylesheet(javafx.application.Application.STYLESHEET_MODENA);
  }

  private static Unfold holder(Tab t) {
    return (Unfold) t.getUserData();
  }

  /** Puts the tab's page in the scene and shows it: unfolding with data, else at full height at once. */
  private void show(Tab t) {
    if (t == null) {
      return;
    }
    attach(t);
    if (model.inventoryProperty().get() != null) {
      holder(t).unfold();
    } else {
      holder(t).open();
    }
  }

  private static void attach(Tab t) {
    if (t.getContent() == null) {
      t.setContent(holder(t));
    }
  }

  private ToolBar toolBar() {
    BooleanBinding noLayer = model.selectedLayerProperty().isNull();
    BooleanBinding layerOff = model.actionsDisabled().or(noLayer);
    BooleanBinding notMounted = Bindings.createBooleanBinding(
        () -> model.selected().map(r -> !r.mounted()).orElse(true), model.selectedLayerProperty(),
        model.inventoryProperty());
    Button rw = button("action-mount-rw", "Mount rw", "Mount the selected layer read-write (Ctrl+M)", layerOff);
    rw.setOnAction(e -> actions.mount(false));
    Button ro = button("action-mount-ro", "Mount ro", "Mount the selected layer read-only", layerOff);
    ro.setOnAction(e -> actions.mount(true));
    Button un = button("action-unmount", "Unmount", "Unmount the selected layer (Ctrl+U)", layerOff.or(notMounted));
    un.setOnAction(e -> actions.unmount());
    Button links = button("action-recreate-links", "Recreate links", "Recreate missing l/ links",
        model.actionsDisabled());
    links.setOnAction(e -> actions.recreateLinks());
    Button export = button("action-export", "Export diff…", "Export the selected layer's changes as a tar",
        layerOff);
    export.setOnAction(e -> MenuBuilder.export(this));
    Button rotate = button("action-rotate", "Rotate ID maps…", "Re-own the selected layer's files", layerOff);
    rotate.setOnAction(e -> MenuBuilder.rotate(this));
    Button repair = button("action-repair", "Repair…", "Review the repair plan of ovl check (Ctrl+R)",
        model.actionsDisabled());
    repair.setOnAction(e -> repairActions.reviewPlan(false));
    Button refresh = new Button("Refresh");
    refresh.setId("action-refresh");
    refresh.setTooltip(new Tooltip("Read the store again (F5)"));
    refresh.disableProperty().bind(model.sessionProperty().isNull().or(tasks.runningProperty()));
    refresh.setOnAction(e -> model.refresh());
    return new ToolBar(rw, ro, un, export, rotate, links, repair, refresh);
  }

  private static Button button(String id, String text, String tip, javafx.beans.value.ObservableBooleanValue off) {
    Button b = new Button(text);
    b.setId(id);
    b.setTooltip(new Tooltip(tip));
    b.disableProperty().bind(off);
    return b;
  }

  /** Opens {@code spec}; {@code then} runs on the FX thread once its layers are shown. */
  public void open(StoreSpec spec, boolean remember, Consumer<Session> then) {
    banner.setVisible(spec.readOnly());
    banner.setText(spec.readOnly() ? readOnlyReason() : "");
    model.open(spec, s -> {
      if (remember) {
        recent.add(spec.root(), spec.runRoot());
      }
      then.accept(s);
    });
  }

  private static String readOnlyReason() {
    return dev.ovl.inspect.Host.isRoot()
        ? "Read-only: opened with --read-only, so mounting, unmounting and repairs are disabled."
        : "Read-only: not running as root, so mounting, unmounting and repairs are disabled. Run as root to "
            + "change the store.";
  }

  /** Switches to the page named {@code id} (layers, chain, links, mounts, diff, health). */
  public void show(String id) {
    for (int i = 0; i < pages.size(); i++) {
      if (pages.get(i).id().equals(id)) {
        tabs.getSelectionModel().select(i);
      }
    }
  }

  /** Whether a page is still growing to full height after its first show with data (see {@link Unfold}). */
  public boolean unfolding() {
    return tabs.getTabs().stream().anyMatch(t -> holder(t).unfolding());
  }

  /** Whether parts of the window still wait for their first pulse (see {@link Steps}). */
  public boolean building() {
    return building.running();
  }

  /** Whether pages not shown yet still wait to join the scene (see {@link Prepare}). */
  public boolean preparing() {
    return prepare.running();
  }

  /** How the menu opens the demo store: set by the application, which owns the demo's lifetime. */
  public void setDemoOpener(Consumer<Runnable> opener) {
    this.demoOpener = opener;
  }

  Consumer<Runnable> demoOpener() {
    return demoOpener;
  }

  public StoreModel model() {
    return model;
  }

  public Actions actions() {
    return actions;
  }

  public ContentActions contentActions() {
    return contentActions;
  }

  public RepairActions repairActions() {
    return repairActions;
  }

  public LayersPage layers() {
    return layers;
  }

  public List<Page> pages() {
    return pages;
  }

  RecentStores recent() {
    return recent;
  }

  public Stage stage() {
    return stage;
  }

  public Scene scene() {
    return scene;
  }
}
