package dev.ovl.gui;

import static dev.ovl.demo.DemoStore.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.inspect.ChainEntry;
import dev.ovl.inspect.DiffEntry;
import dev.ovl.inspect.LayerRow;
import dev.ovl.inspect.LinkRow;
import dev.ovl.inspect.LinkState;
import dev.ovl.inspect.OverlayMount;
import dev.ovl.testing.Root;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every view shows the demo store as it is on disk, the broken chain included; search and keys work. */
class ViewsTest {
  private static GuiFixture f;

  @BeforeAll
  static void open() throws Exception {
    Root.require();
    f = GuiFixture.open(false);
  }

  @AfterAll
  static void close() throws Exception {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void layersAreAForestWithNamesAndHealth() throws Exception {
    f.fx(() -> f.window.show("layers"));
    TreeTableView<LayerRow> tree = f.node("#layer-tree");
    List<TreeItem<LayerRow>> roots = tree.getRoot().getChildren();
    assertThat(roots).extracting(i -> i.getValue().id()).containsExactly(id("base"));
    TreeItem<LayerRow> base = roots.get(0);
    assertThat(base.getChildren()).extracting(i -> i.getValue().id()).containsExactlyInAnyOrder(id("tools"), id("web"));
    TreeItem<LayerRow> python = find(base, id("python"));
    assertThat(python.getParent().getValue().id()).isEqualTo(id("tools"));
    assertThat(python.getValue().names()).containsExactly("localhost/demo/python:3.11");
    assertThat(find(base, id("container")).getValue().mounted()).isTrue();
    assertThat(find(base, id("app")).getValue().chainOk()).isFalse();
    assertThat(f.<Label>node("#layer-count").getText()).isEqualTo("6 of 6 layers");
  }

  @Test
  void searchByIdPrefixNameAndFilePath() throws Exception {
    f.fx(() -> f.window.show("layers"));
    TreeTableView<LayerRow> tree = f.node("#layer-tree");
    TextField search = f.node("#layer-search");
    f.robot.clickOn(search).write(id("web").substring(0, 6));
    f.waitIdle();
    assertThat(ids(tree)).containsExactly(id("web"));

    f.fx(() -> {
      search.clear();
      f.window.layers().focusSearch("Name");
      search.setText("demo/app");
    });
    assertThat(ids(tree)).containsExactly(id("app"));

    f.fx(() -> {
      search.clear();
      f.window.layers().focusSearch("File path");
    });
    f.robot.write("/etc/passwd").type(KeyCode.ENTER);
    f.waitIdle();
    assertThat(ids(tree)).containsExactlyInAnyOrder(id("base"), id("tools"));
    String toolsChange = tree.getColumns().get(6).getCellData(rowOf(tree, id("tools"))).toString();
    assertThat(toolsChange).isEqualTo("modified");

    f.fx(() -> search.setText("/etc/motd"));
    f.robot.clickOn("#layer-find");
    f.waitIdle();
    assertThat(ids(tree)).containsExactlyInAnyOrder(id("base"), id("python"));
    assertThat(tree.getColumns().get(6).getCellData(rowOf(tree, id("python")))).isEqualTo("deleted");

    f.fx(() -> {
      f.window.layers().focusSearch("Id prefix");
      search.clear();
    });
    f.waitIdle();
    assertThat(ids(tree)).hasSize(6);
  }

  @Test
  void chainShowsTheMissingLinkAndTheMountData() throws Exception {
    f.select("app");
    f.fx(() -> f.window.show("chain"));
    TableView<ChainEntry> table = f.node("#chain-table");
    assertThat(table.getItems()).extracting(ChainEntry::state)
        .containsExactly(LinkState.OK, LinkState.MISSING, LinkState.OK);
    assertThat(table.getItems().get(1).layer()).isEqualTo(id("web"));
    assertThat(f.<Label>node("#chain-header").getText()).contains("1 broken").contains("demo/app:1.0");
    String data = f.<TextArea>node("#chain-mount-data").getText();
    assertThat(data).startsWith("lowerdir=" + f.demo.root().resolve("overlay/l/"))
        .contains("upperdir=" + f.demo.root().resolve("overlay").resolve(id("app")).resolve("diff"));
    assertThat(f.<Label>node("#chain-length").getText()).contains(data.length() + " bytes of a").contains("fits");
  }

  @Test
  void linksAndMountsMatchTheDisk() throws Exception {
    f.fx(() -> f.window.show("links"));
    TableView<LinkRow> links = f.node("#links-table");
    assertThat(links.getItems()).hasSize(6);
    assertThat(links.getItems()).filteredOn(r -> r.state() == LinkState.MISSING).singleElement()
        .satisfies(r -> assertThat(r.owner()).isEqualTo(id("web")));
    f.fx(() -> f.window.show("mounts"));
    TableView<OverlayMount> mounts = f.node("#mounts-table");
    assertThat(mounts.getItems()).singleElement().satisfies(m -> {
      assertThat(m.layer()).isEqualTo(id("container"));
      assertThat(m.refCount()).isEqualTo(1);
      assertThat(m.superOptions()).contains("upperdir=");
    });
  }

  @Test
  void diffMarksWhiteoutsOpaqueDirsAndPreviewsText() throws Exception {
    f.select("python");
    f.fx(() -> f.window.show("diff"));
    TreeTableView<DiffEntry> tree = f.node("#diff-tree");
    List<DiffEntry> all = new ArrayList<>();
    collect(tree.getRoot(), all);
    assertThat(all).filteredOn(e -> e.path().equals("etc/motd")).singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(DiffEntry.Type.WHITEOUT));
    assertThat(all).filteredOn(e -> e.path().equals("var/cache/apt")).singleElement()
        .satisfies(e -> assertThat(e.opaque()).isTrue());
    assertThat(f.<Label>node("#diff-header").getText()).contains("1 deleted");

    f.fx(() -> f.<javafx.scene.control.ComboBox<String>>node("#diff-filter").setValue("deleted"));
    f.waitIdle();
    assertThat(tree.getRoot().getChildren()).extracting(i -> i.getValue().path()).containsExactly("etc/motd");
    f.fx(() -> f.<javafx.scene.control.ComboBox<String>>node("#diff-filter").setValue("All changes"));
    f.waitIdle();

    TreeItem<DiffEntry> os = findPath(tree.getRoot(), "usr/lib/python3/os.py");
    f.fx(() -> tree.getSelectionModel().select(os));
    f.waitIdle();
    assertThat(f.<TextArea>node("#diff-preview").getText()).startsWith("\"\"\"OS routines");
  }

  @Test
  void healthShowsCheckFindingsGroupedAndSelectsTheirLayer() throws Exception {
    f.fx(() -> f.window.show("health"));
    List<dev.ovl.check.Finding> fs = f.window.model().findingsProperty().get();
    assertThat(fs).as("ovl check ran: " + f.window.model().checkErrorProperty().get()).isNotNull();
    String link = webLink();
    assertThat(fs).anyMatch(x -> x.layer().equals(id("web")) && (x.message() + x.evidence()).contains(link));
    TreeView<Object> tree = f.node("#health-tree");
    assertThat(tree.getRoot().getChildren()).hasSize((int) fs.stream().map(x -> x.code()).distinct().count());
    TreeItem<Object> webItem = null;
    for (TreeItem<Object> g : tree.getRoot().getChildren()) {
      for (TreeItem<Object> c : g.getChildren()) {
        if (webItem == null && c.getValue().toString().contains(id("web").substring(0, 12))) {
          webItem = c;
        }
      }
    }
    assertThat(webItem).isNotNull();
    TreeItem<Object> pick = webItem;
    f.fx(() -> f.window.model().selectedLayerProperty().set(null));
    f.fx(() -> tree.getSelectionModel().select(pick));
    assertThat(f.window.model().selectedLayerProperty().get()).isEqualTo(id("web"));
    assertThat(f.<TextArea>node("#health-evidence").getText()).contains(link);
    f.fx(() -> f.window.show("layers"));
    TreeTableView<LayerRow> layers = f.node("#layer-tree");
    assertThat(layers.getColumns().get(5).getCellData(rowOf(layers, id("web"))).toString()).startsWith("error");
  }

  private static String webLink() throws Exception {
    return f.window.model().sessionProperty().get().driver().layer(id("web")).link().orElseThrow();
  }

  @Test
  void keyboardMovesThroughLayersAndViews() throws Exception {
    f.fx(() -> f.window.show("layers"));
    TreeTableView<LayerRow> tree = f.node("#layer-tree");
    f.fx(() -> tree.getSelectionModel().select(0));
    f.robot.clickOn(tree.lookup(".tree-table-row-cell"));
    f.robot.type(KeyCode.DOWN);
    f.waitIdle();
    assertThat(f.window.model().selectedLayerProperty().get()).isEqualTo(tree.getTreeItem(1).getValue().id());
    f.robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
    f.waitIdle();
    assertThat(f.<TabPane>node("#pages").getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-chain");
  }

  private static List<String> ids(TreeTableView<LayerRow> tree) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tree.getExpandedItemCount(); i++) {
      out.add(tree.getTreeItem(i).getValue().id());
    }
    return out;
  }

  private static int rowOf(TreeTableView<LayerRow> tree, String id) {
    for (int i = 0; i < tree.getExpandedItemCount(); i++) {
      if (tree.getTreeItem(i).getValue().id().equals(id)) {
        return i;
      }
    }
    throw new AssertionError("no row for " + id);
  }

  private static TreeItem<LayerRow> find(TreeItem<LayerRow> at, String id) {
    if (at.getValue() != null && at.getValue().id().equals(id)) {
      return at;
    }
    for (TreeItem<LayerRow> c : at.getChildren()) {
      TreeItem<LayerRow> r = find(c, id);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private static TreeItem<DiffEntry> findPath(TreeItem<DiffEntry> at, String path) {
    for (TreeItem<DiffEntry> c : at.getChildren()) {
      if (c.getValue().path().equals(path)) {
        return c;
      }
      TreeItem<DiffEntry> r = findPath(c, path);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private static void collect(TreeItem<DiffEntry> at, List<DiffEntry> out) {
    for (TreeItem<DiffEntry> c : at.getChildren()) {
      out.add(c.getValue());
      collect(c, out);
    }
  }
}
