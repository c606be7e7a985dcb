package dev.ovl.gui.pages;

import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.inspect.Chain;
import dev.ovl.inspect.ChainEntry;
import dev.ovl.inspect.Inventory;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** The selected layer's chain top to bottom, each level's state, and the mount data a Get would use. */
public final class ChainPage implements Page {
  private final StoreModel model;
  private final BorderPane root = new BorderPane();
  private final Label header = new Label("Select a layer to see its chain.");
  private final TableView<ChainEntry> table = new TableView<>();
  private final TextArea mountData = new TextArea();
  private final Label length = new Label();

  public ChainPage(StoreModel model) {
    this.model = model;
    header.setId("chain-header");
    header.getStyleClass().add("page-header");
    table.setId("chain-table");
    table.setFixedCellSize(Cells.ROW_HEIGHT);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    TableColumn<ChainEntry, String> level = Cells.column("Level", 80, e -> switch (e.kind()) {
      case UPPER -> "upper";
      case DIFF_N -> "diffN";
      case LOWER -> "lower";
    });
    TableColumn<ChainEntry, String> entry = Cells.column("Entry", 250, ChainEntry::label);
    TableColumn<ChainEntry, String> layer = Cells.column("Layer", 260, e -> model.label(e.layer()));
    TableColumn<ChainEntry, String> state = Cells.column("State", 100, e -> e.state().label());
    state.setCellFactory(Cells.stateCells());
    TableColumn<ChainEntry, String> note = Cells.column("Note", 300, ChainEntry::note);
    table.getColumns().addAll(java.util.List.of(level, entry, layer, state, note));
    table.setPlaceholder(new Label("No layer selected."));
    mountData.setId("chain-mount-data");
    mountData.setEditable(false);
    mountData.setWrapText(true);
    mountData.setPrefRowCount(4);
    mountData.getStyleClass().add("mono");
    length.setId("chain-length");
    VBox bottom = new VBox(4, new Label("Mount data a read-write Get would pass:"), mountData, length);
    bottom.setPadding(new Insets(6));
    VBox top = new VBox(header);
    top.setPadding(new Insets(6));
    root.setTop(top);
    root.setCenter(table);
    root.setBottom(bottom);
    model.selectedLayerProperty().addListener((o, a, b) -> load(b));
    model.inventoryProperty().addListener((o, a, b) -> load(model.selectedLayerProperty().get()));
  }

  private void load(String id) {
    Session s = model.sessionProperty().get();
    Inventory inv = model.inventoryProperty().get();
    if (id == null || s == null || inv == null) {
      show(null);
      return;
    }
    model.tasks().run("Reading chain of " + id.substring(0, Math.min(12, id.length())),
        (p, c) -> Chain.of(s.driver(), inv.links(), id), ch -> {
          if (id.equals(model.selectedLayerProperty().get())) {
            show(ch);
          }
        });
  }

  private void show(Chain ch) {
    if (ch == null) {
      header.setText("Select a layer to see its chain.");
      table.getItems().clear();
      mountData.clear();
      length.setText("");
      return;
    }
    long bad = ch.entries().stream().filter(e -> e.state() != dev.ovl.inspect.LinkState.OK).count();
    header.setText("Chain of " + model.label(ch.id()) + ": " + ch.entries().size() + " levels, "
        + (bad == 0 ? "all ok" : bad + " broken"));
    header.getStyleClass().removeAll("state-ok", "state-broken");
    header.getStyleClass().add(bad == 0 ? "state-ok" : "state-broken");
    table.getItems().setAll(ch.entries());
    mountData.setText(ch.mountData());
    length.setText(ch.mountData().length() + " bytes of a " + ch.pageSize() + "-byte page: "
        + (ch.fitsPage() ? "fits, mounted with these absolute paths"
            : "too long, so Get mounts from inside the home with relative l/ paths"));
  }

  @Override
  public String id() {
    return "chain";
  }

  @Override
  public String title() {
    return "Chain";
  }

  @Override
  public Node node() {
    return root;
  }
}
