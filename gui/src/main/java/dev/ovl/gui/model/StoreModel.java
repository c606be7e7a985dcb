package dev.ovl.gui.model;

import dev.ovl.inspect.Inventory;
import dev.ovl.inspect.LayerRow;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The one model of the inspector window: the open store, what was read from it, and the selected layer. */
public final class StoreModel {
  private final ObjectProperty<Session> session = new SimpleObjectProperty<>();
  private final ObjectProperty<Inventory> inventory = new SimpleObjectProperty<>();
  private final StringProperty selectedLayer = new SimpleStringProperty();
  private final TaskRunner tasks;
  private final BooleanBinding actionsDisabled;
  private Map<String, LayerRow> byId = Map.of();

  public StoreModel(TaskRunner tasks) {
    this.tasks = tasks;
    this.actionsDisabled = Bindings.createBooleanBinding(
        () -> session.get() == null || session.get().spec().readOnly() || tasks.runningProperty().get(),
        session, tasks.runningProperty());
    inventory.addListener((o, a, inv) -> byId = inv == null ? Map.of()
        : inv.layers().stream().collect(Collectors.toMap(LayerRow::id, r -> r, (x, y) -> x)));
  }

  /** Opens {@code spec} off the FX thread, then reads it; {@code opened} runs once the layers are shown. */
  public void open(StoreSpec spec, Consumer<Session> opened) {
    tasks.run("Opening " + spec.root(), (p, c) -> {
      Session s = Session.open(spec);
      return new Opened(s, s.read(p, c));
    }, o -> {
      selectedLayer.set(null);
      session.set(o.session());
      inventory.set(o.inventory());
      opened.accept(o.session());
    });
  }

  private record Opened(Session session, Inventory inventory) {}

  /** Reads the open store again; every view follows. */
  public void refresh() {
    Session s = session.get();
    if (s == null) {
      return;
    }
    tasks.run("Reading " + s.spec().root(), s::read, inv -> {
      String keep = selectedLayer.get();
      inventory.set(inv);
      if (keep != null && inv.layers().stream().noneMatch(r -> r.id().equals(keep))) {
        selectedLayer.set(null);
      } else {
        selectedLayer.set(null);
        selectedLayer.set(keep);
      }
    });
  }

  public ObjectProperty<Session> sessionProperty() {
    return session;
  }

  public ObjectProperty<Inventory> inventoryProperty() {
    return inventory;
  }

  public StringProperty selectedLayerProperty() {
    return selectedLayer;
  }

  public TaskRunner tasks() {
    return tasks;
  }

  /** True while no store is open, the store is read-only, or a job runs. */
  public BooleanBinding actionsDisabled() {
    return actionsDisabled;
  }

  /** The row of the selected layer, if any. */
  public Optional<LayerRow> selected() {
    return row(selectedLayer.get());
  }

  public Optional<LayerRow> row(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  /** "abcdef012345 (names)" for a layer id; the short id alone if it has no names. */
  public String label(String id) {
    if (id == null) {
      return "—";
    }
    String shortId = id.length() > 12 ? id.substring(0, 12) : id;
    List<String> names = row(id).map(LayerRow::names).orElse(List.of());
    return names.isEmpty() ? shortId : shortId + " (" + String.join(", ", names) + ")";
  }
}
