package dev.ovl.gui.model;

import dev.ovl.driver.OverlayDriver;
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
    return new Session(spec, d, StoreNames.read(spec.root()));
  }

  /** Reads the layers, links and mounts again (names too). */
  public Inventory read(Progress progress, Cancel cancel) throws IOException {
    names = StoreNames.read(spec.root());
    return Inventory.read(driver, names, progress, cancel);
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
