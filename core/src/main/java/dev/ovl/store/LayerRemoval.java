package dev.ovl.store;

import dev.ovl.driver.OverlayDriver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Removes a layer the store lists, as containers/storage's delete-layer does, under the store's exclusive locks:
 * never one an image or a container uses or another listed layer has as parent; a mounted one only with
 * {@code unmount}. The record is flagged incomplete, the layer dir removed, then the record and its mount
 * entry dropped, so layers.json never names a dir that is gone.
 */
public final class LayerRemoval {
  private LayerRemoval() {}

  /** Removes listed layer {@code id}; {@code unmount} drops every user of its mount first instead of refusing. */
  public static void remove(OverlayDriver driver, StorePaths paths, String id, boolean unmount, Duration timeout)
      throws IOException {
    LayerMounts mounts = LayerMounts.of(driver, paths, timeout);
    try (Store st = Store.open(paths, true, timeout)) {
      if (st.layer(id).isEmpty()) {
        throw new IllegalArgumentException("layer " + id + " is not in layers.json");
      }
      refuseIfUsed(st, id);
      int users = st.mount(id).map(MountRecord::count).orElse(0);
      if (users > 0 || driver.mountCount(id) > 0) {
        if (!unmount) {
          throw new IllegalStateException("layer " + id + " is mounted (" + Math.max(users, 1)
              + " user(s) in mountpoints.json); unmount it first, or use --force");
        }
        mounts.unmountIn(st, id, true);
      }
      st.removeLayer(id, () -> driver.remove(id));
    }
  }

  private static void refuseIfUsed(Store st, String id) {
    for (ImageRecord img : st.images()) {
      if (img.topLayer().filter(id::equals).isPresent() || img.mappedTopLayers().contains(id)) {
        throw new IllegalStateException("layer " + id + " is the top layer of image " + img.id()
            + "; remove the image with podman rmi or containers-storage delete-image first");
      }
    }
    for (ContainerRecord c : st.containers()) {
      if (c.layer().equals(id)) {
        throw new IllegalStateException("layer " + id + " is the layer of container " + c.id()
            + "; remove the container with podman rm or containers-storage delete-container first");
      }
    }
    List<String> children = st.layers().stream().filter(l -> l.parent().filter(id::equals).isPresent())
        .map(LayerRecord::id).toList();
    if (!children.isEmpty()) {
      throw new IllegalStateException("layer " + id + " is the parent of " + String.join(", ", children)
          + " in layers.json; remove those first");
    }
  }
}
