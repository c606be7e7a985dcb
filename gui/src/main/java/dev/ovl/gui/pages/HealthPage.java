package dev.ovl.gui.pages;

import dev.ovl.check.Finding;
import dev.ovl.gui.model.StoreModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** The {@code ovl check} findings grouped by code; selecting one selects its layer and shows its evidence. */
public final class HealthPage implements Page {
  /** A tree row: a group heading or one finding. */
  record Row(String text, Finding finding) {
    @Override
    public String toString() {
      return text;
    }
  }

  private final StoreModel model;
  private final BorderPane root = new BorderPane();
  private final TreeView<Row> tree = new TreeView<>();
  private final Label summary = new Label();
  private final TextArea evidence = new TextArea();

  public HealthPage(StoreModel model) {
    this.model = model;
    summary.setId("health-summary");
    summary.getStyleClass().add("page-header");
    summary.setWrapText(true);
    VBox top = new VBox(4, summary);
    top.setPadding(new Insets(6));
    tree.setId("health-tree");
    tree.setFixedCellSize(Cells.ROW_HEIGHT);
    tree.setShowRoot(false);
    evidence.setId("health-evidence");
    evidence.setEditable(false);
    evidence.setPrefRowCount(6);
    evidence.getStyleClass().add("mono");
    tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
      Finding f = b == null || b.getValue() == null ? null : b.getValue().finding();
      evidence.setText(f == null ? "" : details(f));
      if (f != null && !f.layer().isEmpty() && model.row(f.layer()).isPresent()) {
        model.selectedLayerProperty().set(f.layer());
      }
    });
    root.setTop(top);
    root.setCenter(tree);
    root.setBottom(evidence);
    model.findingsProperty().addListener((o, a, b) -> show());
    model.checkErrorProperty().addListener((o, a, b) -> show());
  }

  static String details(Finding f) {
    StringBuilder b = new StringBuilder(f.severity() + " " + f.code() + ": " + f.message() + "\n");
    f.evidence().forEach(e -> b.append("  seen: ").append(e).append('\n'));
    f.repair().forEach(s -> b.append("  repair: ").append(s.description()).append(s.needsForce() ? " (needs force)"
        : "").append('\n'));
    if (!f.advice().isEmpty()) {
      b.append("  advice: ").append(f.advice()).append('\n');
    }
    return b.toString();
  }

  private void show() {
    TreeItem<Row> top = new TreeItem<>();
    List<Finding> findings = model.findingsProperty().get();
    if (findings == null) {
      String err = model.checkErrorProperty().get();
      summary.setText(err == null ? "No store open." : "ovl check failed: " + err);
      tree.setRoot(top);
      return;
    }
    Map<String, List<Finding>> groups = new LinkedHashMap<>();
    findings.stream().sorted((x, y) -> x.severity().compareTo(y.severity()))
        .forEach(f -> groups.computeIfAbsent(f.code().toString(), k -> new java.util.ArrayList<>()).add(f));
    for (Map.Entry<String, List<Finding>> g : groups.entrySet()) {
      Finding first = g.getValue().get(0);
      TreeItem<Row> group = new TreeItem<>(new Row(first.severity().name().toLowerCase(Locale.ROOT) + ": "
          + g.getKey() + " (" + g.getValue().size() + ")", null));
      group.setExpanded(true);
      for (Finding f : g.getValue()) {
        String who = f.layer().isEmpty() ? "" : model.label(f.layer()) + ": ";
        group.getChildren().add(new TreeItem<>(new Row(who + f.message(), f)));
      }
      top.getChildren().add(group);
    }
    long repairable = findings.stream().filter(Finding::repairable).count();
    summary.setText(findings.isEmpty() ? "ovl check: no findings."
        : "ovl check: " + findings.size() + " finding(s) in " + groups.size() + " group(s), " + repairable
            + " repairable (Store ▸ Review repair plan…).");
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
