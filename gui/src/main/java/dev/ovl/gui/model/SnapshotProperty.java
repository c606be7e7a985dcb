package dev.ovl.gui.model;

import java.util.IdentityHashMap;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;

/**
 * An object property whose change listeners fire when a different instance is set, without comparing values with
 * {@code equals}: for snapshots such as a 1,000-layer {@code Inventory}, whose record equality would walk every
 * row on the FX thread at each refresh.
 */
final class SnapshotProperty<T> extends SimpleObjectProperty<T> {
  private final Map<ChangeListener<? super T>, InvalidationListener> wrapped = new IdentityHashMap<>();

  @Override
  public void addListener(ChangeListener<? super T> listener) {
    InvalidationListener w = new InvalidationListener() {
      private T last = get();

      @Override
      public void invalidated(javafx.beans.Observable o) {
        T now = get();
        if (now != last) {
          T was = last;
          last = now;
          listener.changed(SnapshotProperty.this, was, now);
        }
      }
    };
    wrapped.put(listener, w);
    addListener(w);
  }

  @Override
  public void removeListener(ChangeListener<? super T> listener) {
    InvalidationListener w = wrapped.remove(listener);
    if (w != null) {
      removeListener(w);
    }
  }
}
