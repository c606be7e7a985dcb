package dev.ovl.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.gui.layout.MainWindow;
import dev.ovl.gui.model.RecentStores;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.idtools.IdMappings;
import dev.ovl.inspect.LayerRow;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** File ▸ Recent stores: opening remembers a store, the list outlives the window, re-opening works, gaps show. */
class RecentStoresTest {
  @Test
  void openedStoresAreRememberedAndReopenedAndMissingOnesShown() throws Exception {
    Root.require();
    FxToolkit.registerPrimaryStage();
    String before = System.getProperty("ovl.config.dir");
    try (Scratch s = Scratch.create("recent")) {
      Path a = store(s, "a", "aa");
      Path b = store(s, "b", "bb");
      Path config = s.resolve("config");
      System.setProperty("ovl.config.dir", config.toString());

      MainWindow first = window();
      open(first, a);
      open(first, b);
      close(first);
      assertThat(Files.readAllLines(config.resolve("recent-stores")))
          .containsExactly(b + "\t" + s.resolve("run-b"), a + "\t" + s.resolve("run-a"));

      MainWindow second = window();
      List<MenuItem> items = recentItems(second);
      assertThat(items).extracting(MenuItem::getText).containsExactly(b.toString(), a.toString());
      assertThat(items).noneMatch(MenuItem::isDisable);
      WaitForAsyncUtils.asyncFx(() -> items.get(1).fire()).get(10, TimeUnit.SECONDS);
      idle(second);
      assertThat(second.model().sessionProperty().get().spec().root()).isEqualTo(a);
      assertThat(second.model().inventoryProperty().get().layers()).extracting(LayerRow::id)
          .containsExactly(id("aa"));
      assertThat(RecentStores.in(config).list()).extracting(RecentStores.Entry::root).containsExactly(a, b);

      dev.ovl.natives.Mounts.unmountAllUnder(b);
      Scratch.deleteTree(b);
      List<MenuItem> after = recentItems(second);
      assertThat(after).extracting(MenuItem::getText).containsExactly(a.toString(), b + " (missing)");
      assertThat(after).extracting(MenuItem::isDisable).containsExactly(false, true);
      close(second);

      Files.writeString(config.resolve("recent-stores"), "garbage\n\t\nrelative\tpath\n" + a + "\t"
          + s.resolve("run-a") + "\n");
      assertThat(RecentStores.in(config).list()).extracting(RecentStores.Entry::root).containsExactly(a);
    } finally {
      if (before == null) {
        System.clearProperty("ovl.config.dir");
      } else {
        System.setProperty("ovl.config.dir", before);
      }
    }
  }

  @Test
  void anUnwritableListIsLoggedNotFatal() throws Exception {
    try (Scratch s = Scratch.create("recent-ro")) {
      Path notDir = Files.writeString(s.resolve("file"), "x");
      RecentStores r = RecentStores.in(notDir);
      r.add(Path.of("/var/lib/containers/storage"), Path.of("/run/containers/storage"));
      assertThat(r.list()).isEmpty();
    }
  }

  private static String id(String name) {
    return (name + "0".repeat(64)).substring(0, 64);
  }

  private static Path store(Scratch s, String name, String layer) throws Exception {
    Path root = Files.createDirectories(s.resolve(name));
    OverlayDriver d = OverlayDriver.init(root.resolve("overlay"), s.resolve("run-" + name + "/overlay"), List.of(),
        IdMappings.IDENTITY);
    d.create(id(layer), null, new CreateOpts(IdMappings.IDENTITY, Map.of()));
    return root;
  }

  private static MainWindow window() throws Exception {
    MainWindow win = WaitForAsyncUtils.asyncFx(() -> {
      MainWindow w = new MainWindow(new Stage(), 1000, 700);
      w.stage().show();
      return w;
    }).get(20, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !WaitForAsyncUtils.asyncFx(win::building).get());
    return win;
  }

  private static void open(MainWindow w, Path root) throws Exception {
    Path run = root.resolveSibling("run-" + root.getFileName());
    WaitForAsyncUtils.asyncFx(() -> w.open(new StoreSpec(root, run, List.of(), false), true, x -> { }))
        .get(10, TimeUnit.SECONDS);
    idle(w);
  }

  private static void idle(MainWindow w) throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> w.model().tasks().idle());
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** The items of File ▸ Recent stores as the menu fills them when it opens. */
  private static List<MenuItem> recentItems(MainWindow w) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> {
      MenuBar bar = (MenuBar) w.scene().lookup(".menu-bar");
      Menu recent = (Menu) bar.getMenus().get(0).getItems().stream()
          .filter(i -> "menu-recent".equals(i.getId())).findFirst().orElseThrow();
      recent.getOnShowing().handle(null);
      return List.copyOf(recent.getItems());
    }).get(10, TimeUnit.SECONDS);
  }

  private static void close(MainWindow w) throws Exception {
    idle(w);
    WaitForAsyncUtils.asyncFx(() -> w.stage().close()).get(10, TimeUnit.SECONDS);
  }
}
