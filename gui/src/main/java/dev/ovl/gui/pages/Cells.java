package dev.ovl.gui.pages;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.util.Callback;

/** Column and cell helpers shared by the pages. */
final class Cells {
  /** Every row of a table or tree is one line this high, so the views lay out without measuring rows. */
  static final double ROW_HEIGHT = 24;

  private Cells() {}

  static <S> TableColumn<S, String> column(String title, double width, Function<S, String> text) {
    TableColumn<S, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue() == null ? "" : text.apply(f.getValue())));
    return c;
  }

  static <S> TreeTableColumn<S, String> treeColumn(String title, double width, Function<S, String> text) {
    TreeTableColumn<S, String> c = new TreeTableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(f -> {
      S v = f.getValue() == null ? null : f.getValue().getValue();
      return new ReadOnlyStringWrapper(v == null ? "" : text.apply(v));
    });
    return c;
  }

  static <S> TreeTableColumn<S, Long> treeNumber(String title, double width, Function<S, Long> value,
      Function<Long, String> format) {
    TreeTableColumn<S, Long> c = new TreeTableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(f -> {
      S v = f.getValue() == null ? null : f.getValue().getValue();
      ObservableValue<Long> o = new ReadOnlyObjectWrapper<>(v == null ? null : value.apply(v));
      return o;
    });
    c.setCellFactory(col -> new TreeTableCell<>() {
      @Override
      protected void updateItem(Long item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : format.apply(item));
      }
    });
    c.setStyle("-fx-alignment: CENTER-RIGHT;");
    return c;
  }

  /** Cells whose text also names a style class "state-TEXT" (spaces as dashes), for coloured states. */
  static <S> Callback<TableColumn<S, String>, TableCell<S, String>> stateCells() {
    return col -> new TableCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        paint(this, item, empty);
      }
    };
  }

  static <S> Callback<TreeTableColumn<S, String>, TreeTableCell<S, String>> stateTreeCells() {
    return col -> new TreeTableCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        paint(this, item, empty);
      }
    };
  }

  /** Shows {@code item} with the style class of its state word. */
  private static void paint(javafx.scene.control.Labeled cell, String item, boolean empty) {
    cell.getStyleClass().removeIf(s -> s.startsWith("state-"));
    cell.setText(empty ? null : item);
    if (!empty && item != null && !item.isEmpty()) {
      cell.getStyleClass().add(stateClass(item));
    }
  }

  static String stateClass(String text) {
    String word = text.split("[:(]")[0].strip().replace(' ', '-');
    return "state-" + word;
  }
}
