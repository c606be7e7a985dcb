package dev.ovl.gui.pages;

import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.Sizes;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.inspect.Change;
import dev.ovl.inspect.Inventory;
import dev.ovl.inspect.LayerRow;
import dev.ovl.inspect.PathHit;
import dev.ovl.inspect.PathSearch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Every layer as a forest of parent → children, with names, depth, size, mount state and chain health. */
public final class LayersPage implements Page {
  static final String BY_ID = "Id prefix";
  static final String BY_NAME = "Name";
  static final String BY_PATH = "File path";

  private final StoreModel model;
  private final BorderPane root = new BorderPane();
  private final TreeTableView<LayerRow> tree = new TreeTableView<>();
  private final ComboBox<String> mode = new ComboBox<>();
  private final TextField search = new TextField();
  private final CheckBox brokenOnly = new CheckBox("Only broken");
  private final Label count = new Label();
  private final Map<String, TreeItem<LayerRow>> items = new HashMap<>();
  private Map<String, Change> pathHits;
  private boolean selecting;

  public LayersPage(StoreModel model) {
    this.model = model;
    mode.getItems().addAll(BY_ID, BY_NAME, BY_PATH);
    mode.setValue(BY_ID);
    mode.setId("layer-search-mode");
    search.setId("layer-search");
    search.setPromptText("filter by id prefix, name, or a file path such as /etc/passwd (Enter)");
    HBox.setHgrow(search, Priority.ALWAYS);
    Button find = new Button("Find");
    find.setId("layer-find");
    find.setOnAction(e -> apply());
    search.setOnAction(e -> apply());
    search.textProperty().addListener((o, a, b) -> {
      if (!BY_PATH.equals(mode.getValue())) {
        apply();
      }
    });
    mode.valueProperty().addListener((o, a, b) -> {
      pathHits = null;
      apply();
    });
    brokenOnly.setId("layer-broken-only");
    brokenOnly.selectedProperty().addListener((o, a, b) -> rebuild());
    count.setId("layer-count");
    HBox bar = new HBox(6, mode, search, find, brokenOnly, count);
    bar.setPadding(new Insets(4));
    bar.getStyleClass().add("tool-bar");

    tree.setId("layer-tree");

    tree.setFixedCellSize(Cells.ROW_HEIGHT);
    tree.setShowRoot(false);
    tree.setRoot(new TreeItem<>());
    tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    TreeTableColumn<LayerRow, String> id = Cells.treeColumn("Layer", 170, LayerRow::shortId);
    TreeTableColumn<LayerRow, String> names = Cells.treeColumn("Names", 220, r -> String.join(", ", r.names()));
    TreeTableColumn<LayerRow, String> depth = Cells.treeColumn("Depth", 55, r -> String.valueOf(r.depth()));
    TreeTableColumn<LayerRow, Long> size = Cells.treeNumber("Diff size", 90, LayerRow::diffSize, Sizes::human);
    TreeTableColumn<LayerRow, String> mounted = Cells.treeColumn("Mounted", 80,
        r -> r.mounted() ? "yes (" + r.mountCount() + ")" : "");
    TreeTableColumn<LayerRow, String> health = Cells.treeColumn("Health", 130, this::health);
    health.setCellFactory(Cells.stateTreeCells());
    TreeTableColumn<LayerRow, String> change = Cells.treeColumn("Path", 90,
        r -> pathHits == null ? "" : pathHits.getOrDefault(r.id(), null) == null ? "" : pathHits.get(r.id()).label());
    change.setCellFactory(Cells.stateTreeCells());
    tree.getColumns().addAll(List.of(id, names, depth, size, mounted, health, change));
    tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
      if (!selecting && b != null && b.getValue() != null) {
        model.selectedLayerProperty().set(b.getValue().id());
      }
    });
    model.selectedLayerProperty().addListener((o, a, b) -> select(b));
    model.inventoryProperty().addListener((o, a, b) -> {
      pathHits = null;
      rebuild();
    });
    root.setTop(bar);
    root.setCenter(tree);
  }

  /** The worst ovl check finding about the layer, else "ok"; without check results, what the disk shows. */
  String health(LayerRow r) {
    java.util.List<dev.ovl.check.Finding> fs = model.findings(r.id());
    if (!fs.isEmpty()) {
      dev.ovl.check.Finding worst = fs.stream().min((a, b) -> a.severity().compareTo(b.severity())).orElseThrow();
      return worst.severity().name().toLowerCase(Locale.ROOT) + ": " + worst.code()
          + (fs.size() > 1 ? " (+" + (fs.size() - 1) + ")" : "");
    }
    if (model.findingsProperty().get() != null) {
      return "ok";
    }
    if (r.problem() != null) {
      return "problem: " + r.problem();
    }
    return r.chainOk() ? "ok" : "broken chain";
  }

  private void apply() {
    if (BY_PATH.equals(mode.getValue())) {
      String q = search.getText().strip();
      Session s = model.sessionProperty().get();
      if (q.isEmpty() || s == null) {
        pathHits = null;
        rebuild();
        return;
      }
      model.tasks().run("Searching layers for " + q, (p, c) -> PathSearch.find(s.driver(), q, c), hits -> {
        Map<String, Change> m = new LinkedHashMap<>();
        hits.forEach((PathHit h) -> m.put(h.layer(), h.change()));
        pathHits = m;
        rebuild();
      });
    } else {
      rebuild();
    }
  }

  private boolean matches(LayerRow r) {
    if (brokenOnly.isSelected() && health(r).equals("ok")) {
      return false;
    }
    if (pathHits != null) {
      return pathHits.containsKey(r.id());
    }
    String q = search.getText().strip().toLowerCase(Locale.ROOT);
    if (q.isEmpty() || BY_PATH.equals(mode.getValue())) {
      return true;
    }
    return BY_ID.equals(mode.getValue()) ? r.id().startsWith(q)
        : r.names().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains(q));
  }

  private boolean filtering() {
    return brokenOnly.isSelected() || pathHits != null
        || (!search.getText().isBlank() && !BY_PATH.equals(mode.getValue()));
  }

  private void rebuild() {
    Inventory inv = model.inventoryProperty().get();
    items.clear();
    TreeItem<LayerRow> top = new TreeItem<>();
    int shown = 0;
    if (inv != null) {
      boolean flat = filtering();
      for (LayerRow r : inv.layers()) {
        if (!flat || matches(r)) {
          TreeItem<LayerRow> item = new TreeItem<>(r);
          item.setExpanded(true);
          items.put(r.id(), item);
          shown++;
        }
      }
      for (LayerRow r : inv.layers()) {
        TreeItem<LayerRow> item = items.get(r.id());
        if (item == null) {
          continue;
        }
        TreeItem<LayerRow> parent = flat || r.parent() == null ? null : items.get(r.parent());
        (parent != null ? parent : top).getChildren().add(item);
      }
      count.setText(shown + " of " + inv.layers().size() + " layers");
    } else {
      count.setText("no store open");
    }
    selecting = true;
    try {
      tree.setRoot(top);
    } finally {
      selecting = false;
    }
    select(model.selectedLayerProperty().get());
  }

  private void select(String id) {
    TreeItem<LayerRow> item = id == null ? null : items.get(id);
    selecting = true;
    try {
      if (item == null) {
        tree.getSelectionModel().clearSelection();
      } else if (tree.getSelectionModel().getSelectedItem() != item) {
        tree.getSelectionModel().select(item);
        int row = tree.getRow(item);
        if (row >= 0) {
          tree.scrollTo(Math.max(0, row - 3));
        }
      }
    } finally {
      selecting = false;
    }
  }

  /** Puts the cursor in the search field with the given mode. */
  public void focusSearch(String searchMode) {
    mode.setValue(searchMode);
    search.requestFocus();
  }

  @Override
  public String id() {
    return "layers";
  }

  @Override
  public String title() {
    return "Layers";
  }

  @Override
  public Node node() {
    return root;
  }
}
