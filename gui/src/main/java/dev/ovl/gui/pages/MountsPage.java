package dev.ovl.gui.pages;

import dev.ovl.gui.model.StoreModel;
import dev.ovl.inspect.OverlayMount;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Overlay mounts of this home from mountinfo, with the driver's refcounts and the options. */
public final class MountsPage implements Page {
  private final TableView<OverlayMount> table = new TableView<>();

  public MountsPage(StoreModel model) {
    table.setId("mounts-table");
    table.setFixedCellSize(Cells.ROW_HEIGHT);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    TableColumn<OverlayMount, String> layer = Cells.column("Layer", 250, m -> model.label(m.layer()));
    TableColumn<OverlayMount, String> point = Cells.column("Mount point", 260, m -> m.mountPoint().toString());
    TableColumn<OverlayMount, String> type = Cells.column("Type", 70, OverlayMount::fsType);
    TableColumn<OverlayMount, String> refs = Cells.column("Users", 55, m -> String.valueOf(m.refCount()));
    TableColumn<OverlayMount, String> lowers = Cells.column("Lowers", 60, m -> String.valueOf(m.lowerCount()));
    TableColumn<OverlayMount, String> opts = Cells.column("Options", 140, OverlayMount::options);
    TableColumn<OverlayMount, String> sup = Cells.column("Super options", 400, OverlayMount::superOptions);
    table.getColumns().addAll(java.util.List.of(layer, point, type, refs, lowers, opts, sup));
    table.setPlaceholder(new Label("No overlay mount under this home."));
    table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
      if (b != null && b.layer() != null && model.row(b.layer()).isPresent()) {
        model.selectedLayerProperty().set(b.layer());
      }
    });
    model.inventoryProperty().addListener((o, a, b) -> {
      if (b == null) {
        table.getItems().clear();
      } else {
        table.getItems().setAll(b.mounts());
      }
    });
  }

  @Override
  public String id() {
    return "mounts";
  }

  @Override
  public String title() {
    return "Mounts";
  }

  @Override
  public Node node() {
    return table;
  }
}
