package dev.ovl.gui.layout;

import dev.ovl.gui.events.LogAppender;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.ListView;
import javafx.scene.control.TitledPane;

/** The log pane, fed by logback through {@link LogAppender}; keeps the last lines only. */
final class LogPane extends TitledPane {
  private static final int MAX_LINES = 2000;
  private final ObservableList<String> lines = FXCollections.observableArrayList();
  private final LogAppender appender;

  LogPane() {
    ListView<String> list = new ListView<>(lines);
    list.setId("log-list");
    list.getStyleClass().add("log");
    setText("Log");
    setContent(list);
    setExpanded(true);
    appender = LogAppender.install(this::add);
  }

  private void add(List<String> batch) {
    lines.addAll(batch);
    if (lines.size() > MAX_LINES) {
      lines.remove(0, lines.size() - MAX_LINES);
    }
  }

  void close() {
    if (appender != null) {
      appender.uninstall();
    }
  }
}
