package dev.ovl.gui.pages;

import dev.ovl.gui.model.StoreModel;
import dev.ovl.inspect.LinkRow;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The home's {@code l/} directory as a table: name, target, owning layer, state. */
public final class LinksPage implements Page {
  private final TableView<LinkRow> table = new TableView<>();

  public LinksPage(StoreModel model) {
    table.setId("links-table");
    table.setFixedCellSize(Cells.ROW_HEIGHT);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    TableColumn<LinkRow, String> name = Cells.column("Name", 230, LinkRow::name);
    TableColumn<LinkRow, String> target = Cells.column("Target", 200, r -> shortTarget(r.target()));
    TableColumn<LinkRow, String> owner = Cells.column("Owning layer", 260, r -> model.label(r.owner()));
    TableColumn<LinkRow, String> state = Cells.column("State", 110, r -> r.state().label());
    state.setCellFactory(Cells.stateCells());
    table.getColumns().addAll(java.util.List.of(name, target, owner, state));
    table.setPlaceholder(new Label("No store open."));
    table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
      if (b != null) {
        String layer = b.owner() != null ? b.owner() : b.pointsAt();
        if (layer != null && model.row(layer).isPresent()) {
          model.selectedLayerProperty().set(layer);
        }
      }
    });
    model.inventoryProperty().addListener((o, a, b) -> {
      if (b == null) {
        table.getItems().clear();
      } else {
        table.getItems().setAll(b.links().rows());
      }
    });
  }

  /** {@code ../<64 hex>/diff} shortened to {@code ../<12 hex>…/diff}. */
  static String shortTarget(String t) {
    String[] p = t.split("/");
    return p.length == 3 && p[1].length() > 12 ? p[0] + "/" + p[1].substring(0, 12) + "…/" + p[2] : t;
  }

  @Override
  public String id() {
    return "links";
  }

  @Override
  public String title() {
    return "Links";
  }

  @Override
  public Node node() {
    return table;
  }
}
