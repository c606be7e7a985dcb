package dev.ovl.gui.layout;

import dev.ovl.gui.model.TaskRunner;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The bottom bar: what runs now, its progress, and Cancel. */
final class StatusBar extends HBox {
  StatusBar(TaskRunner tasks, Label store) {
    Label message = new Label();
    message.setId("status-message");
    message.textProperty().bind(tasks.messageProperty());
    message.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(message, Priority.ALWAYS);
    ProgressBar bar = new ProgressBar();
    bar.setId("status-progress");
    bar.setPrefWidth(160);
    bar.progressProperty().bind(tasks.progressProperty());
    bar.visibleProperty().bind(tasks.runningProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("status-cancel");
    cancel.visibleProperty().bind(tasks.runningProperty());
    cancel.setOnAction(e -> tasks.cancel());
    store.setId("status-store");
    setSpacing(8);
    setAlignment(Pos.CENTER_LEFT);
    setPadding(new Insets(3, 8, 3, 8));
    getStyleClass().add("status-bar");
    getChildren().addAll(message, bar, cancel, store);
  }
}
