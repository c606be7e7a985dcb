package dev.ovl.gui.pages;

import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.Sizes;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.inspect.Change;
import dev.ovl.inspect.DiffEntry;
import dev.ovl.inspect.DiffListing;
import dev.ovl.inspect.Preview;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/** The selected layer's {@code diff} as a file tree: whiteouts and opaque dirs marked, changes coloured. */
public final class DiffPage implements Page {
  static final String ALL = "All changes";

  private final StoreModel model;
  private final BorderPane root = new BorderPane();
  private final TreeTableView<DiffEntry> tree = new TreeTableView<>();
  private final ComboBox<String> filter = new ComboBox<>();
  private final Label header = new Label("Select a layer to see its diff.");
  private final TextArea preview = new TextArea();
  private List<DiffEntry> entries = List.of();
  private boolean flat;

  public DiffPage(StoreModel model) {
    this.model = model;
    filter.getItems().addAll(ALL, "added", "modified", "deleted");
    filter.setValue(ALL);
    filter.setId("diff-filter");
    filter.valueProperty().addListener((o, a, b) -> rebuild());
    header.setId("diff-header");
    header.getStyleClass().add("page-header");
    Label legend = new Label("added · modified · deleted (whiteout) · [opaque] dir hides its lowers");
    legend.getStyleClass().add("legend");
    HBox bar = new HBox(8, filter, header);
    bar.setPadding(new Insets(4));
    tree.setId("diff-tree");
    tree.setFixedCellSize(Cells.ROW_HEIGHT);
    tree.setShowRoot(false);
    tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    TreeTableColumn<DiffEntry, String> name = Cells.treeColumn("Name", 260, e -> flat ? "/" + e.path() : e.name());
    TreeTableColumn<DiffEntry, String> type = Cells.treeColumn("Type", 110, DiffPage::type);
    TreeTableColumn<DiffEntry, Long> size = Cells.treeNumber("Size", 80, DiffEntry::size, Sizes::human);
    TreeTableColumn<DiffEntry, String> change = Cells.treeColumn("Change", 90, e -> e.change().label());
    change.setCellFactory(Cells.stateTreeCells());
    tree.getColumns().addAll(List.of(name, type, size, change));
    tree.setPlaceholder(new Label("No layer selected."));
    preview.setId("diff-preview");
    preview.setEditable(false);
    preview.getStyleClass().add("mono");
    preview.setPromptText("Select a text file to preview it.");
    SplitPane split = new SplitPane(tree, preview);
    split.setDividerPositions(0.62);
    root.setTop(new javafx.scene.layout.VBox(bar, legend));
    root.setCenter(split);
    tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> preview(b == null ? null : b.getValue()));
    model.selectedLayerProperty().addListener((o, a, b) -> load(b));
    model.inventoryProperty().addListener((o, a, b) -> load(model.selectedLayerProperty().get()));
  }

  static String type(DiffEntry e) {
    String t = e.type().name().toLowerCase(Locale.ROOT);
    if (e.opaque()) {
      t += " [opaque]";
    }
    if (!e.linkTarget().isEmpty()) {
      t += " → " + e.linkTarget();
    }
    return t;
  }

  private void load(String id) {
    Session s = model.sessionProperty().get();
    if (id == null || s == null) {
      entries = List.of();
      header.setText("Select a layer to see its diff.");
      show(new TreeItem<>(), ALL.equals(filter.getValue()));
      return;
    }
    String f = filter.getValue();
    model.tasks().run("Reading diff of " + id.substring(0, Math.min(12, id.length())), (p, c) -> {
      List<DiffEntry> list = DiffListing.of(s.driver(), id, p, c);
      return new Listing(list, tree(list, f), f);
    }, l -> {
      if (!id.equals(model.selectedLayerProperty().get())) {
        return;
      }
      entries = l.entries();
      header.setText("diff of " + model.label(id) + ": " + l.count(Change.ADDED) + " added, "
          + l.count(Change.MODIFIED) + " modified, " + l.count(Change.DELETED) + " deleted");
      if (l.filter().equals(filter.getValue())) {
        show(l.root(), ALL.equals(l.filter()));
      } else {
        rebuild();
      }
    });
  }

  /** A layer's diff with its tree for one filter, both built off the FX thread. */
  private record Listing(List<DiffEntry> entries, TreeItem<DiffEntry> root, String filter) {
    long count(Change c) {
      return entries.stream().filter(e -> e.change() == c).count();
    }
  }

  /** Builds the tree for the current filter off the FX thread, then shows it. */
  private void rebuild() {
    List<DiffEntry> list = entries;
    String f = filter.getValue();
    model.tasks().run("Filtering diff", (p, c) -> tree(list, f), top -> {
      if (list == entries && f.equals(filter.getValue())) {
        show(top, ALL.equals(f));
      }
    });
  }

  private void show(TreeItem<DiffEntry> top, boolean all) {
    flat = !all;
    tree.setRoot(top);
    preview.clear();
  }

  /** The entries as a file tree, or as a flat list of the entries whose change is {@code f}. Any thread. */
  static TreeItem<DiffEntry> tree(List<DiffEntry> entries, String f) {
    boolean flat = !ALL.equals(f);
    TreeItem<DiffEntry> top = new TreeItem<>();
    Map<String, TreeItem<DiffEntry>> dirs = new HashMap<>();
    for (DiffEntry e : entries) {
      if (flat && !e.change().label().equals(f)) {
        continue;
      }
      TreeItem<DiffEntry> item = new TreeItem<>(e);
      if (e.type() == DiffEntry.Type.DIR) {
        dirs.put(e.path(), item);
        item.setExpanded(true);
      }
      int slash = e.path().lastIndexOf('/');
      TreeItem<DiffEntry> parent = flat || slash < 0 ? top : dirs.getOrDefault(e.path().substring(0, slash), top);
      parent.getChildren().add(item);
    }
    return top;
  }

  private void preview(DiffEntry e) {
    Session s = model.sessionProperty().get();
    String id = model.selectedLayerProperty().get();
    if (e == null || s == null || id == null || e.type() != DiffEntry.Type.FILE) {
      preview.clear();
      return;
    }
    model.tasks().run("Reading " + e.path(), (p, c) -> Preview.text(s.driver(), id, e.path()),
        (Optional<String> text) -> preview.setText(text.orElse("(binary: no preview)")));
  }

  @Override
  public String id() {
    return "diff";
  }

  @Override
  public String title() {
    return "Diff";
  }

  @Override
  public Node node() {
    return root;
  }
}
