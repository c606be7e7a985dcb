package dev.ovl.gui.layout;

import dev.ovl.gui.model.StoreSpec;
import dev.ovl.inspect.Host;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** File ▸ Open store…: graph root, run root, driver options and read-only. */
final class OpenStoreDialog {
  private OpenStoreDialog() {}

  static Optional<StoreSpec> ask(Window owner, boolean readOnlyDefault) {
    Dialog<StoreSpec> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Open store");
    d.setHeaderText("Open a containers/storage store (the graph root holds overlay/ and overlay-layers/).");
    TextField root = new TextField(Host.DEFAULT_ROOT.toString());
    root.setId("open-root");
    TextField run = new TextField(Host.DEFAULT_RUNROOT.toString());
    run.setId("open-runroot");
    TextField opts = new TextField();
    opts.setId("open-options");
    opts.setPromptText("overlay.mountopt=nodev, ... (optional)");
    CheckBox ro = new CheckBox("Read-only");
    ro.setId("open-read-only");
    ro.setSelected(readOnlyDefault);
    ro.setDisable(!Host.isRoot());
    Button browse = new Button("Browse…");
    browse.setOnAction(e -> {
      DirectoryChooser c = new DirectoryChooser();
      c.setTitle("Graph root");
      File f = c.showDialog(d.getDialogPane().getScene().getWindow());
      if (f != null) {
        root.setText(f.getPath());
      }
    });
    GridPane g = new GridPane();
    g.setHgap(6);
    g.setVgap(6);
    g.setPadding(new Insets(8));
    g.addRow(0, new Label("Graph root"), root, browse);
    g.addRow(1, new Label("Run root"), run);
    g.addRow(2, new Label("Options"), opts);
    g.addRow(3, new Label(""), ro);
    root.setPrefColumnCount(36);
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.getDialogPane().setId("open-dialog");
    d.setResultConverter(b -> b != ButtonType.OK || root.getText().isBlank() ? null
        : new StoreSpec(Path.of(root.getText().strip()), Path.of(run.getText().strip()), options(opts.getText()),
            ro.isSelected()));
    return d.showAndWait();
  }

  private static List<String> options(String text) {
    return Arrays.stream(text.split("\\s+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
