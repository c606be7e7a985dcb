package dev.ovl.gui.events;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/** An error as one line of cause, with the full details (stack trace) folded away. */
public final class ErrorDialog {
  private ErrorDialog() {}

  /** The one-line cause: the innermost message that says something, on a single line. */
  public static String oneLine(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException nf && nf.getReason() == null) {
          msg = "no such file: " + msg;
        }
        break;
      }
      t = t.getCause();
    }
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    return msg.lines().findFirst().orElse(msg).strip();
  }

  /** Shows the dialog without blocking; returns it so callers (and tests) can find it. */
  public static Alert show(Window owner, Throwable e) {
    Alert a = new Alert(Alert.AlertType.ERROR);
    if (owner != null) {
      a.initOwner(owner);
    }
    a.setTitle("ovl: error");
    a.setHeaderText(oneLine(e));
    a.setContentText("Nothing else was changed. Expand the details for the full trace.");
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    TextArea details = new TextArea(w.toString());
    details.setEditable(false);
    details.setId("error-details");
    details.setPrefRowCount(14);
    a.getDialogPane().setExpandableContent(details);
    a.getDialogPane().setId("error-dialog");
    a.show();
    return a;
  }
}
