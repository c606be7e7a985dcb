package dev.ovl.gui.pages;

import dev.ovl.gui.events.Actions;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.inspect.Inventory;
import dev.ovl.inspect.LayerRow;
import dev.ovl.inspect.LinkRow;
import dev.ovl.inspect.LinkState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * Problems grouped by kind; selecting one selects its layer. Until the checker is in core, these are the link
 * and chain problems the inspector reads itself, and the page says so.
 */
public final class HealthPage implements Page {
  /** One problem: its text and the layer it is about (may be null). */
  record Problem(String text, String layer) {
    @Override
    public String toString() {
      return text;
    }
  }

  private final StoreModel model;
  private final BorderPane root = new BorderPane();
  private final TreeView<Problem> tree = new TreeView<>();
  private final Label summary = new Label();

  public HealthPage(StoreModel model) {
    this.model = model;
    Label source = new Label("ovl check findings are " + Actions.NEEDS_CHECK.replace("not available: ", "")
        + " — not available yet. Shown here: the l/ link and chain problems the inspector reads from disk.");
    source.setWrapText(true);
    source.setId("health-source");
    source.getStyleClass().add("notice");
    summary.setId("health-summary");
    summary.getStyleClass().add("page-header");
    VBox top = new VBox(4, summary, source);
    top.setPadding(new Insets(6));
    tree.setId("health-tree");
    tree.setShowRoot(false);
    tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
      if (b != null && b.getValue() != null && b.getValue().layer() != null
          && model.row(b.getValue().layer()).isPresent()) {
        model.selectedLayerProperty().set(b.getValue().layer());
      }
    });
    root.setTop(top);
    root.setCenter(tree);
    model.inventoryProperty().addListener((o, a, b) -> show(b));
  }

  /** The problems of {@code inv}, grouped by kind, in a stable order. */
  static Map<String, List<Problem>> problems(Inventory inv, StoreModel model) {
    Map<String, List<Problem>> groups = new LinkedHashMap<>();
    for (LinkRow r : inv.links().rows()) {
      if (r.state() == LinkState.OK) {
        continue;
      }
      String layer = r.owner() != null ? r.owner() : r.pointsAt();
      groups.computeIfAbsent("l/ link " + r.state().label(), k -> new ArrayList<>()).add(new Problem(
          "l/" + r.name() + (layer == null ? "" : " of layer " + model.label(layer))
              + (r.target().isEmpty() ? "" : " → " + r.target()), layer));
    }
    for (LayerRow r : inv.layers()) {
      if (r.problem() != null) {
        groups.computeIfAbsent("layer problem", k -> new ArrayList<>())
            .add(new Problem(model.label(r.id()) + ": " + r.problem(), r.id()));
      } else if (!r.chainOk()) {
        groups.computeIfAbsent("broken chain", k -> new ArrayList<>())
            .add(new Problem(model.label(r.id()) + ": a lower's l/ link is not ok (see Chain)", r.id()));
      }
    }
    return groups;
  }

  private void show(Inventory inv) {
    TreeItem<Problem> top = new TreeItem<>();
    if (inv == null) {
      summary.setText("No store open.");
      tree.setRoot(top);
      return;
    }
    Map<String, List<Problem>> groups = problems(inv, model);
    int n = 0;
    for (Map.Entry<String, List<Problem>> g : groups.entrySet()) {
      TreeItem<Problem> group = new TreeItem<>(new Problem(g.getKey() + " (" + g.getValue().size() + ")", null));
      group.setExpanded(true);
      g.getValue().forEach(p -> group.getChildren().add(new TreeItem<>(p)));
      top.getChildren().add(group);
      n += g.getValue().size();
    }
    summary.setText(n == 0 ? "No problems found in " + inv.layers().size() + " layers."
        : n + " problem(s) in " + groups.size() + " group(s).");
    tree.setRoot(top);
  }

  @Override
  public String id() {
    return "health";
  }

  @Override
  public String title() {
    return "Health";
  }

  @Override
  public Node node() {
    return root;
  }
}
