package dev.ovl.gui.layout;

import dev.ovl.gui.events.Actions;
import dev.ovl.gui.model.RecentStores;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.gui.pages.Page;
import java.util.List;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;

/** The menu bar; every item has a keyboard path, and the ones core cannot do yet say what they need. */
final class MenuBuilder {
  private final MainWindow w;

  MenuBuilder(MainWindow w) {
    this.w = w;
  }

  MenuBar build() {
    StoreModel m = w.model();
    MenuItem open = item("Open store…", "Shortcut+O", "menu-open");
    open.setOnAction(e -> OpenStoreDialog.ask(w.stage(), readOnlyDefault())
        .ifPresent(spec -> w.open(spec, true, s -> { })));
    MenuItem demo = item("Open demo store", null, "menu-demo");
    demo.setOnAction(e -> w.demoOpener().accept(() -> { }));
    Menu recent = new Menu("Recent stores");
    recent.setId("menu-recent");
    recent.setOnShowing(e -> fillRecent(recent));
    fillRecent(recent);
    MenuItem refresh = item("Refresh", "F5", "menu-refresh");
    refresh.disableProperty().bind(m.sessionProperty().isNull());
    refresh.setOnAction(e -> m.refresh());
    MenuItem quit = item("Quit", "Shortcut+Q", "menu-quit");
    quit.setOnAction(e -> w.stage().close());
    Menu file = new Menu("_File", null, open, demo, recent, new SeparatorMenuItem(), refresh,
        new SeparatorMenuItem(), quit);

    Menu view = new Menu("_View");
    List<Page> pages = w.pages();
    for (int i = 0; i < pages.size(); i++) {
      Page p = pages.get(i);
      MenuItem it = item(p.title(), "Shortcut+" + (i + 1), "menu-view-" + p.id());
      it.setOnAction(e -> w.show(p.id()));
      view.getItems().add(it);
    }
    MenuItem byPath = item("Find layers by file path…", "Shortcut+F", "menu-find-path");
    byPath.setOnAction(e -> {
      w.show("layers");
      w.layers().focusSearch("File path");
    });
    view.getItems().addAll(new SeparatorMenuItem(), byPath);

    Actions a = w.actions();
    var layerOff = m.actionsDisabled().or(m.selectedLayerProperty().isNull());
    MenuItem rw = item("Mount read-write…", "Shortcut+M", "menu-mount-rw");
    rw.disableProperty().bind(layerOff);
    rw.setOnAction(e -> a.mount(false));
    MenuItem ro = item("Mount read-only…", null, "menu-mount-ro");
    ro.disableProperty().bind(layerOff);
    ro.setOnAction(e -> a.mount(true));
    MenuItem un = item("Unmount…", "Shortcut+U", "menu-unmount");
    un.disableProperty().bind(layerOff);
    un.setOnAction(e -> a.unmount());
    MenuItem export = item("Export diff to tar…", "Shortcut+E", "menu-export");
    export.disableProperty().bind(layerOff);
    export.setOnAction(e -> export(w));
    MenuItem rotate = item("Rotate ID maps…", null, "menu-rotate");
    rotate.disableProperty().bind(layerOff);
    rotate.setOnAction(e -> rotate(w));
    Menu layer = new Menu("_Layer", null, rw, ro, un, new SeparatorMenuItem(), export, rotate);

    MenuItem links = item("Recreate missing links…", null, "menu-recreate-links");
    links.disableProperty().bind(m.actionsDisabled());
    links.setOnAction(e -> a.recreateLinks());
    MenuItem plan = item("Review repair plan…", "Shortcut+R", "menu-repair");
    plan.disableProperty().bind(m.actionsDisabled());
    plan.setOnAction(e -> w.repairActions().reviewPlan(false));
    MenuItem forced = item("Review repair plan with forced steps…", null, "menu-repair-force");
    forced.disableProperty().bind(m.actionsDisabled());
    forced.setOnAction(e -> w.repairActions().reviewPlan(true));
    Menu store = new Menu("_Store", null, links, plan, forced);
    MenuBar bar = new MenuBar(file, view, layer, store);
    bar.setId("menu-bar");
    return bar;
  }

  /** Asks where to write the tar, then exports. */
  static void export(MainWindow w) {
    String id = w.model().selectedLayerProperty().get();
    if (id == null) {
      return;
    }
    FileChooser c = new FileChooser();
    c.setTitle("Export diff of " + w.model().label(id));
    c.setInitialFileName(id.substring(0, Math.min(12, id.length())) + ".tar");
    c.getExtensionFilters().add(new FileChooser.ExtensionFilter("tar archives", "*.tar"));
    java.io.File f = c.showSaveDialog(w.stage());
    if (f != null) {
      w.contentActions().exportDiff(f.toPath());
    }
  }

  /** Asks for the maps, then counts, confirms and rotates. */
  static void rotate(MainWindow w) {
    String id = w.model().selectedLayerProperty().get();
    if (id != null) {
      RotateIdMapsDialog.ask(w.stage(), w.model().label(id))
          .ifPresent(m -> w.contentActions().rotateIdMaps(m.from(), m.to()));
    }
  }

  private static MenuItem item(String text, String accel, String id) {
    MenuItem it = new MenuItem(text);
    it.setId(id);
    if (accel != null) {
      it.setAccelerator(KeyCombination.keyCombination(accel));
    }
    return it;
  }

  private void fillRecent(Menu recent) {
    recent.getItems().clear();
    for (RecentStores.Entry p : w.recent().list()) {
      MenuItem it = new MenuItem(p.present() ? p.root().toString() : p.root() + " (missing)");
      it.setId("menu-recent-" + recent.getItems().size());
      it.setMnemonicParsing(false);
      it.setDisable(!p.present());
      it.setOnAction(e -> w.open(new StoreSpec(p.root(), p.runRoot(), List.of(), readOnlyDefault()), true,
          s -> { }));
      recent.getItems().add(it);
    }
    if (recent.getItems().isEmpty()) {
      MenuItem none = new MenuItem("(none yet)");
      none.setDisable(true);
      recent.getItems().add(none);
    }
  }

  private static boolean readOnlyDefault() {
    return !dev.ovl.inspect.Host.isRoot();
  }
}
