package dev.ovl.store;

import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.natives.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mount and unmount as containers/storage's layer store does: a layer listed in {@code layers.json} has its users
 * counted in {@code mountpoints.json}, changed only under the store's exclusive locks, so ovl processes, the
 * inspector and the Go tools share one count. A layer the store does not list is counted by the driver alone.
 */
public final class LayerMounts {
  private static final Logger log = LoggerFactory.getLogger(LayerMounts.class);

  private final OverlayDriver driver;
  private final StorePaths paths;
  private final Duration timeout;

  private LayerMounts(OverlayDriver driver, StorePaths paths, Duration timeout) {
    this.driver = driver;
    this.paths = paths;
    this.timeout = timeout;
  }

  /** Mounts through {@code driver}, whose home must be the store's; a busy store is waited for up to {@code timeout}. */
  public static LayerMounts of(OverlayDriver driver, StorePaths paths, Duration timeout) {
    if (!driver.home().equals(paths.home())) {
      throw new IllegalArgumentException("the driver's home " + driver.home() + " is not the store's " + paths.home());
    }
    return new LayerMounts(driver, paths, timeout);
  }

  /**
   * Mounts layer {@code id} and returns its merged dir. The first user mounts it (and so does anyone after the
   * recorded mount vanished from mountinfo); later users only raise the count, whatever {@code opts} they ask for.
   */
  public Path mount(String id, MountOpts opts) throws IOException {
    if (!hasLayerList()) {
      return driver.get(id, opts);
    }
    try (Store st = Store.open(paths, true, timeout)) {
      if (st.layer(id).isEmpty()) {
        return driver.get(id, opts);
      }
      Optional<MountRecord> rec = st.mount(id).filter(m -> m.count() > 0 && !m.path().isEmpty());
      if (rec.isPresent() && MountInfo.isMountPoint(Path.of(rec.get().path()))) {
        st.recordMount(id, Path.of(rec.get().path()), rec.get().count() + 1);
        return Path.of(rec.get().path());
      }
      // no user, or a count left by users of a mount that is gone: a fresh mount with one user
      Path merged = driver.get(id, opts).toAbsolutePath().normalize();
      try {
        st.recordMount(id, merged, 1);
      } catch (IOException | RuntimeException e) {
        releaseQuietly(id);
        throw e;
      }
      return merged;
    }
  }

  /**
   * Drops one user of layer {@code id}'s mount (every user if {@code force}); the last one unmounts it. Returns
   * the users left.
   */
  public int unmount(String id, boolean force) throws IOException {
    if (!hasLayerList()) {
      return driverPut(id, force);
    }
    try (Store st = Store.open(paths, true, timeout)) {
      if (st.layer(id).isEmpty()) {
        return driverPut(id, force);
      }
      return unmountIn(st, id, force);
    }
  }

  /** Unmount of a layer {@code st} lists, which the caller holds exclusively. */
  int unmountIn(Store st, String id, boolean force) throws IOException {
    int count = force ? 1 : st.mount(id).map(MountRecord::count).orElse(0);
    if (count > 1) {
      st.recordMount(id, Path.of(st.mount(id).get().path()), count - 1);
      return count - 1;
    }
    try {
      driver.release(id);
    } catch (NoSuchFileException e) {
      log.debug("layer {} has no dir; dropping its mount record", id);
    }
    st.recordMount(id, Path.of(""), 0);
    return 0;
  }

  /** The users of layer {@code id}'s mount: {@code mountpoints.json}'s count for a layer of the store. */
  public int count(String id) throws IOException {
    if (!hasLayerList()) {
      return driver.mountCount(id);
    }
    try (Store st = Store.open(paths, false, timeout)) {
      if (st.layer(id).isEmpty()) {
        return driver.mountCount(id);
      }
      return st.mount(id).map(MountRecord::count).orElse(0);
    }
  }

  /** The users of every layer the store lists (zero if unmounted); empty for a tree without a layer list. */
  public Map<String, Integer> counts() throws IOException {
    if (!hasLayerList()) {
      return Map.of();
    }
    try (Store st = Store.open(paths, false, timeout)) {
      Map<String, Integer> out = new HashMap<>();
      st.layers().forEach(l -> out.put(l.id(), 0));
      st.mounts().forEach(m -> out.computeIfPresent(m.id(), (k, v) -> m.count()));
      return Map.copyOf(out);
    }
  }

  /** True if {@code id} is listed in the store's layers.json or volatile-layers.json. */
  public boolean listed(String id) throws IOException {
    if (!hasLayerList()) {
      return false;
    }
    try (Store st = Store.open(paths, false, timeout)) {
      return st.layer(id).isPresent();
    }
  }

  private int driverPut(String id, boolean force) throws IOException {
    if (force) {
      driver.release(id);
    } else {
      driver.put(id);
    }
    return driver.mountCount(id);
  }

  /** A tree the driver made alone has no layer list: it gets no lock files and no JSON. */
  private boolean hasLayerList() {
    return Files.exists(paths.json(StoreFile.LAYERS)) || Files.exists(paths.json(StoreFile.VOLATILE_LAYERS));
  }

  private void releaseQuietly(String id) {
    try {
      driver.release(id);
    } catch (IOException e) {
      log.warn("could not unmount layer {} after failing to record its mount: {}", id, e.getMessage());
    }
  }
}
