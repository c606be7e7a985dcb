package dev.ovl.gui.model;

import dev.ovl.check.Finding;
import dev.ovl.inspect.Inventory;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
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
  private final ObjectProperty<Inventory> inventory = new SnapshotProperty<>();
  private final StringProperty selectedLayer = new SimpleStringProperty();
  private final ObjectProperty<List<Finding>> findings = new SnapshotProperty<>();
  private final StringProperty checkError = new SimpleStringProperty();
  private Map<String, List<Finding>> findingsByLayer = Map.of();
  private final TaskRunner tasks;
  private final BooleanBinding actionsDisabled;
  private Map<String, LayerRow> byId = Map.of();

  public StoreModel(TaskRunner tasks) {
    this.tasks = tasks;
    this.actionsDisabled = Bindings.createBooleanBinding(
        () -> session.get() == null || session.get().spec().readOnly() || tasks.runningProperty().get(),
        session, tasks.runningProperty());
  }

  /** Opens {@code spec} off the FX thread, then reads it; {@code opened} runs once the layers are shown. */
  public void open(StoreSpec spec, Consumer<Session> opened) {
    tasks.run("Opening " + spec.root(), (p, c) -> {
      Session s = Session.open(spec);
      return read(s, p, c);
    }, o -> {
      selectedLayer.set(null);
      session.set(o.session());
      show(o);
      opened.accept(o.session());
    });
  }

  /**
   * What one read of a store gives: its layers, and the check findings or why check failed, with the lookups the
   * views need, all computed off the FX thread.
   */
  private record Snapshot(Session session, Inventory inventory, List<Finding> findings, String checkError,
      Map<String, LayerRow> byId, Map<String, List<Finding>> findingsByLayer) {
    static Snapshot of(Session s, Inventory inv, List<Finding> findings, String checkError) {
      Map<String, LayerRow> byId = inv.layers().stream()
          .collect(Collectors.toMap(LayerRow::id, r -> r, (x, y) -> x));
      Map<String, List<Finding>> byLayer = findings == null ? Map.of()
          : findings.stream().filter(f -> !f.layer().isEmpty()).collect(Collectors.groupingBy(Finding::layer));
      linkRecordMethods(inv.layers(), inv.links().rows(), findings);
      return new Snapshot(s, inv, findings, checkError, byId, byLayer);
    }
  }

  /** Runs each row record's equals once here, so its call site is linked off the FX thread (cells compare rows). */
  private static void linkRecordMethods(List<?>... rows) {
    for (List<?> r : rows) {
      if (r != null && !r.isEmpty() && !r.get(0).equals(r.get(0))) {
        throw new AssertionError("a row differs from itself");
      }
    }
  }

  private static Snapshot read(Session s, Progress p, Cancel c) throws IOException {
    Inventory inv = s.read(p, c);
    try {
      return Snapshot.of(s, inv, s.check(c), null);
    } catch (Cancel.Cancelled e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return Snapshot.of(s, inv, null, dev.ovl.gui.events.ErrorDialog.oneLine(e));
    }
  }

  private void show(Snapshot o) {
    findingsByLayer = o.findingsByLayer();
    byId = o.byId();
    checkError.set(o.checkError());
    findings.set(o.findings());
    inventory.set(o.inventory());
  }

  /** Reads the open store again; every view follows. */
  public void refresh() {
    Session s = session.get();
    if (s == null) {
      return;
    }
    tasks.run("Reading " + s.spec().root(), (p, c) -> read(s, p, c), snap -> {
      String keep = selectedLayer.get();
      show(snap);
      if (keep != null && !snap.byId().containsKey(keep)) {
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

  public ObjectProperty<List<Finding>> findingsProperty() {
    return findings;
  }

  public StringProperty checkErrorProperty() {
    return checkError;
  }

  /** The check findings about layer {@code id}; empty if none (or no check ran). */
  public List<Finding> findings(String id) {
    return findingsByLayer.getOrDefault(id, List.of());
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
