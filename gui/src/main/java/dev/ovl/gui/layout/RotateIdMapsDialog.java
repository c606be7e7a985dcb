package dev.ovl.gui.layout;

import dev.ovl.idtools.IdMappings;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Layer ▸ Rotate ID maps…: the current and the new UID/GID maps, validated as they are typed. */
final class RotateIdMapsDialog {
  /** The maps to rotate from and to. */
  record Maps(IdMappings from, IdMappings to) {}

  private RotateIdMapsDialog() {}

  static Optional<Maps> ask(Window owner, String layerLabel) {
    Dialog<Maps> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Rotate ID maps");
    d.setHeaderText("Re-own the files of " + layerLabel + ". Maps are containerID:hostID:size[,...]; empty is "
        + "the identity. The next step counts the entries that change and asks again.");
    TextField fromU = field("rotate-from-uid");
    TextField fromG = field("rotate-from-gid");
    TextField toU = field("rotate-to-uid");
    TextField toG = field("rotate-to-gid");
    Label error = new Label();
    error.setId("rotate-error");
    error.getStyleClass().add("state-problem");
    GridPane g = new GridPane();
    g.setHgap(6);
    g.setVgap(6);
    g.setPadding(new Insets(8));
    g.addRow(0, new Label(""), new Label("UID map"), new Label("GID map"));
    g.addRow(1, new Label("From (current)"), fromU, fromG);
    g.addRow(2, new Label("To (new)"), toU, toG);
    g.add(error, 0, 3, 3, 1);
    d.getDialogPane().setContent(g);
    d.getDialogPane().setId("rotate-dialog");
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
    Runnable validate = () -> {
      String problem = problem(fromU.getText(), fromG.getText(), toU.getText(), toG.getText());
      error.setText(problem == null ? "" : problem);
      ok.setDisable(problem != null);
    };
    for (TextField f : new TextField[] {fromU, fromG, toU, toG}) {
      f.textProperty().addListener((o, a, b) -> validate.run());
    }
    validate.run();
    d.setResultConverter(b -> b != ButtonType.OK ? null : new Maps(IdMappings.parse(fromU.getText(),
        fromG.getText()), IdMappings.parse(toU.getText(), toG.getText())));
    return d.showAndWait();
  }

  /** Why the maps are not usable, in one line; null if they are, and if they differ. */
  static String problem(String fromU, String fromG, String toU, String toG) {
    try {
      IdMappings from = IdMappings.parse(fromU, fromG);
      IdMappings to = IdMappings.parse(toU, toG);
      if (from.equals(to)) {
        return "the new maps equal the current ones: nothing would change";
      }
      to.rootUid();
      to.rootGid();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static TextField field(String id) {
    TextField f = new TextField();
    f.setId(id);
    f.setPromptText("0:100000:65536");
    f.setPrefColumnCount(16);
    return f;
  }
}
