package dev.ovl.inspect;

import dev.ovl.store.ContainerRecord;
import dev.ovl.store.ImageRecord;
import dev.ovl.store.Store;
import dev.ovl.store.StorePaths;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer names from the store metadata, read by {@link Store} under its shared locks: an image's names go to its top
 * layer, a container's (prefixed {@code container }) to its layer. Missing files mean no names.
 */
public final class StoreNames {
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

  private StoreNames() {}

  /** Layer id → names, from the images and containers the store records. */
  public static Map<String, List<String>> read(StorePaths paths) throws IOException {
    try (Store st = Store.open(paths, false, LOCK_TIMEOUT)) {
      return of(st);
    }
  }

  /** Layer id → names, from an open store. */
  public static Map<String, List<String>> of(Store st) {
    Map<String, List<String>> out = new HashMap<>();
    for (ImageRecord img : st.images()) {
      img.topLayer().ifPresent(top -> img.names().forEach(n -> add(out, top, n)));
    }
    for (ContainerRecord c : st.containers()) {
      if (c.layer() != null && !c.layer().isEmpty()) {
        c.names().forEach(n -> add(out, c.layer(), "container " + n));
      }
    }
    return out;
  }

  private static void add(Map<String, List<String>> out, String layer, String name) {
    out.computeIfAbsent(layer, k -> new ArrayList<>()).add(name);
  }
}
