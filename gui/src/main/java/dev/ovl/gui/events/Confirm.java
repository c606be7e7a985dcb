package dev.ovl.gui.events;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** Asks before a change, saying exactly what will change. */
public final class Confirm {
  private Confirm() {}

  /** True if the user pressed the action button; {@code details} lists every change. */
  public static boolean ask(Window owner, String title, String action, String details) {
    Alert a = new Alert(Alert.AlertType.CONFIRMATION);
    if (owner != null) {
      a.initOwner(owner);
    }
    a.setTitle(title);
    a.setHeaderText(title);
    Label text = new Label(details);
    text.setWrapText(true);
    text.setId("confirm-details");
    text.setMaxWidth(640);
    a.getDialogPane().setContent(text);
    a.getDialogPane().setId("confirm-dialog");
    ButtonType ok = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
    a.getButtonTypes().setAll(ok, ButtonType.CANCEL);
    return a.showAndWait().filter(ok::equals).isPresent();
  }
}
