package dev.ovl.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.gui.layout.MainWindow;
import dev.ovl.gui.model.StoreSpec;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.GoStorage;
import dev.ovl.inspect.LayerRow;
import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue #8, GUI and CLI together: the inspector mounts and unmounts a layer through its tool bar while two
 * workers run {@code ovl} in child JVMs that mount, unmount and create layers in the same store (all sharing one
 * base lower and the l/ directory). Afterwards no mount is left, every count is zero, the inspector's views after a
 * refresh list exactly the layers on disk, and no error dialog was shown.
 */
class GuiCliTogetherTest {
  static final int ROUNDS = 3;
  static final int WORKERS = 2;
  private final FxRobot robot = new FxRobot();

  @Test
  void inspectorAndCliShareAStore() throws Exception {
    Root.require();
    FxToolkit.registerPrimaryStage();
    try (Scratch s = Scratch.create("gui-cli")) {
      Path root = Files.createDirectories(s.resolve("root"));
      Path run = s.resolve("run");
      OverlayDriver d = OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"), List.of(),
          IdMappings.IDENTITY);
      CreateOpts opts = new CreateOpts(IdMappings.IDENTITY, Map.of());
      d.create(id("ba5e"), null, opts);
      Files.writeString(d.diffPath(id("ba5e")).resolve("base.txt"), "base");
      d.create(id("9e1"), id("ba5e"), opts);
      for (int w = 0; w < WORKERS; w++) {
        d.create(id("c" + w), id("ba5e"), opts);
      }
      MainWindow win = openWindow(root, run);
      idle(win);

      List<CompletableFuture<List<String>>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        workers.add(CompletableFuture.supplyAsync(() -> cliRounds(root, run, worker)));
      }
      Path guiMerged = root.resolve("overlay").resolve(id("9e1")).resolve("merged");
      for (int r = 0; r < ROUNDS; r++) {
        WaitForAsyncUtils.asyncFx(() -> win.model().selectedLayerProperty().set(id("9e1")))
            .get(10, TimeUnit.SECONDS);
        idle(win);
        robot.clickOn("#action-mount-rw");
        confirm("Mount");
        idle(win);
        assertThat(MountInfo.isMountPoint(guiMerged)).as("GUI mount, round %d", r).isTrue();
        assertThat(Files.readString(guiMerged.resolve("base.txt"))).isEqualTo("base");
        robot.clickOn("#action-unmount");
        confirm("Unmount");
        idle(win);
        assertThat(MountInfo.isMountPoint(guiMerged)).as("GUI unmount, round %d", r).isFalse();
      }
      List<String> failures = new ArrayList<>();
      for (CompletableFuture<List<String>> f : workers) {
        failures.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(failures).as("ovl commands that failed").isEmpty();

      WaitForAsyncUtils.asyncFx(() -> win.model().refresh()).get(10, TimeUnit.SECONDS);
      idle(win);
      assertThat(robot.lookup("#error-dialog").queryAll()).as("error dialogs").isEmpty();
      Path home = root.resolve("overlay");
      assertThat(MountInfo.read()).as("no overlay left mounted under the home")
          .noneMatch(m -> m.mountPoint().startsWith(home) && m.fsType().equals("overlay"));
      OverlayDriver gui = win.model().sessionProperty().get().driver();
      Set<String> onDisk = new TreeSet<>(d.listLayers());
      for (String id : onDisk) {
        assertThat(gui.mountCount(id)).as("count of %s", id).isZero();
      }
      List<LayerRow> rows = win.model().inventoryProperty().get().layers();
      Set<String> shown = rows.stream().map(LayerRow::id).collect(Collectors.toCollection(TreeSet::new));
      assertThat(shown).as("the views after refresh list the layers on disk").isEqualTo(onDisk);
      assertThat(onDisk).hasSize(2 + WORKERS + WORKERS * ROUNDS);
      assertThat(rows).noneMatch(LayerRow::mounted).allMatch(LayerRow::chainOk);
      assertThat(rows.stream().filter(r -> r.id().startsWith("0a")).map(LayerRow::parent))
          .hasSize(WORKERS * ROUNDS).containsOnly(id("ba5e"));
      WaitForAsyncUtils.asyncFx(() -> win.stage().close()).get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A layer of a Go-made store mounted by the Go peer, the inspector and ovl in a child JVM: mountpoints.json
   * counts every user, the inspector shows that count, and only the last unmount, the Go peer's, unmounts.
   */
  @Test
  void inspectorCliAndGoShareOneMountCount() throws Exception {
    Root.require();
    FxToolkit.registerPrimaryStage();
    try (Scratch s = Scratch.create("gui-cli-go")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      String base = go.createLayer(id("ba5e"), null);
      String layer = go.createLayer(id("1a7e"), base);
      Path merged = go.mount(layer);
      Path json = go.runRoot().resolve("overlay-layers/mountpoints.json");
      MainWindow win = openWindow(go.root(), go.runRoot());
      idle(win);
      WaitForAsyncUtils.asyncFx(() -> win.model().selectedLayerProperty().set(layer)).get(10, TimeUnit.SECONDS);
      idle(win);
      robot.clickOn("#action-mount-rw");
      confirm("Mount");
      idle(win);
      expectUsers(win, json, layer, merged, 2);
      assertThat(ovl(go.root(), go.runRoot(), List.of("mount", layer))).isNull();
      expectUsers(win, json, layer, merged, 3);
      robot.clickOn("#action-unmount");
      confirm("Unmount");
      idle(win);
      expectUsers(win, json, layer, merged, 2);
      assertThat(ovl(go.root(), go.runRoot(), List.of("unmount", layer))).isNull();
      expectUsers(win, json, layer, merged, 1);
      go.unmount(layer);
      expectUsers(win, json, layer, merged, 0);
      assertThat(robot.lookup("#error-dialog").queryAll()).as("error dialogs").isEmpty();
      WaitForAsyncUtils.asyncFx(() -> win.stage().close()).get(10, TimeUnit.SECONDS);
    }
  }

  /** mountpoints.json, the kernel and the inspector's row after a refresh all say {@code users}. */
  private static void expectUsers(MainWindow win, Path json, String layer, Path merged, int users) throws Exception {
    WaitForAsyncUtils.asyncFx(() -> win.model().refresh()).get(10, TimeUnit.SECONDS);
    idle(win);
    assertThat(Files.readString(json)).isEqualTo(users == 0 ? "[]"
        : "[{\"id\":\"" + layer + "\",\"path\":\"" + merged + "\",\"count\":" + users + "}]");
    assertThat(MountInfo.at(merged)).as("mounts at %s", merged).hasSize(users > 0 ? 1 : 0);
    LayerRow row = win.model().inventoryProperty().get().layers().stream().filter(r -> r.id().equals(layer))
        .findFirst().orElseThrow();
    assertThat(row.mountCount()).as("the inspector's count").isEqualTo(users);
  }

  /** One worker: each round mounts its layer, creates a layer on the shared base, and unmounts. */
  private static List<String> cliRounds(Path root, Path run, int worker) {
    List<String> failures = new ArrayList<>();
    String mine = id("c" + worker);
    for (int r = 0; r < ROUNDS; r++) {
      String made = id(String.format(Locale.ROOT, "0a%x%x", worker, r));
      for (List<String> args : List.of(List.of("mount", mine), List.of("create", "--id", made, "--parent",
          id("ba5e")), List.of("unmount", mine))) {
        String out = ovl(root, run, args);
        if (out != null) {
          failures.add(String.join(" ", args) + ": " + out);
        }
      }
    }
    return failures;
  }

  /** Runs {@code ovl ARGS} in a child JVM; null if it exits 0, else its exit code and output. */
  private static String ovl(Path root, Path run, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.ovl.cli.Main",
        "--root", root.toString(), "--runroot", run.toString()));
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "timed out";
      }
      return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out.strip();
    } catch (java.io.IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static MainWindow openWindow(Path root, Path run) throws Exception {
    MainWindow win = WaitForAsyncUtils.asyncFx(() -> {
      MainWindow mw = new MainWindow(new Stage(), 1280, 800);
      mw.stage().show();
      mw.open(new StoreSpec(root, run, List.of(), false), false, x -> { });
      return mw;
    }).get(20, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !WaitForAsyncUtils.asyncFx(win::building).get());
    idle(win);
    return win;
  }

  private void confirm(String button) {
    WaitForAsyncUtils.waitForFxEvents();
    DialogPane pane = robot.lookup("#confirm-dialog").queryAs(DialogPane.class);
    ButtonType type = pane.getButtonTypes().stream().filter(b -> b.getText().equals(button)).findFirst()
        .orElseThrow();
    Button b = (Button) pane.lookupButton(type);
    WaitForAsyncUtils.asyncFx(b::fire);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private static void idle(MainWindow w) throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w.model().tasks().idle());
    WaitForAsyncUtils.waitForFxEvents();
  }

  private static String id(String prefix) {
    return (prefix + "0".repeat(64)).substring(0, 64);
  }
}
