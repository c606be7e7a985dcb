package dev.ovl.gui.model;

import dev.ovl.check.Checker;
import dev.ovl.check.Finding;
import dev.ovl.check.Journal;
import dev.ovl.check.RepairResult;
import dev.ovl.check.RepairStep;
import dev.ovl.check.Repairer;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.store.LayerMounts;
import dev.ovl.store.Store;
import dev.ovl.store.StorePaths;
import dev.ovl.idtools.IdMappings;
import dev.ovl.inspect.Inventory;
import dev.ovl.inspect.StoreNames;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** An open store: the driver on its home and the names from its metadata. Opened off the FX thread. */
public final class Session {
  private static final java.time.Duration LOCK_TIMEOUT = java.time.Duration.ofSeconds(10);
  private final StoreSpec spec;
  private final OverlayDriver driver;
  private volatile Map<String, List<String>> names;

  private Session(StoreSpec spec, OverlayDriver driver, Map<String, List<String>> names) {
    this.spec = spec;
    this.driver = driver;
    this.names = names;
  }

  /** Starts the driver on {@code spec.root()/overlay} and reads the store's names. */
  public static Session open(StoreSpec spec) throws IOException {
    OverlayDriver d = OverlayDriver.init(spec.root().resolve("overlay"), spec.runRoot().resolve("overlay"),
        spec.driverOptions(), IdMappings.IDENTITY);
    return new Session(spec, d, StoreNames.read(new StorePaths(spec.root(), spec.runRoot())));
  }

  /** Reads the layers, links and mounts again (names too). */
  public Inventory read(Progress progress, Cancel cancel) throws IOException {
    names = StoreNames.read(paths());
    return Inventory.read(driver, names, mounts().counts(), progress, cancel);
  }

  /** Runs {@code ovl check} on the store, under its shared locks; changes nothing. */
  public List<Finding> check(Cancel cancel) throws IOException {
    try (Store st = Store.open(paths(), false, LOCK_TIMEOUT)) {
      return Checker.check(st, cancel);
    }
  }

  /** Applies a repair plan under the store's exclusive locks, journaled; refused in read-only mode. */
  public RepairResult repair(List<RepairStep> plan, boolean force, Cancel cancel) throws IOException {
    if (spec.readOnly()) {
      throw new IllegalStateException("the store is open read-only");
    }
    try (Store st = Store.open(paths(), true, LOCK_TIMEOUT);
        Journal j = Journal.open(Journal.defaultPath(spec.root()))) {
      return Repairer.apply(plan, st, force, j, cancel);
    }
  }

  /** Mount and unmount counted in mountpoints.json, under the store's locks, as the CLI and the Go tools do. */
  public LayerMounts mounts() {
    return LayerMounts.of(driver, paths(), LOCK_TIMEOUT);
  }

  private StorePaths paths() {
    return new StorePaths(spec.root(), spec.runRoot());
  }

  public StoreSpec spec() {
    return spec;
  }

  public OverlayDriver driver() {
    return driver;
  }

  /** The store names of a layer; empty if none. */
  public List<String> names(String id) {
    return names.getOrDefault(id, List.of());
  }
}
