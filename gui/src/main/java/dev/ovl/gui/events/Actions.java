package dev.ovl.gui.events;

import dev.ovl.driver.LinkReport;
import dev.ovl.driver.MountOpts;
import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.inspect.LayerRow;
import dev.ovl.inspect.LinkRow;
import dev.ovl.inspect.LinkState;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The inspector's actions: each confirms what it will change, runs off the FX thread, then refreshes every view. */
public final class Actions {
  private static final Logger log = LoggerFactory.getLogger(Actions.class);

  private final StoreModel model;
  private final Supplier<Window> owner;

  public Actions(StoreModel model, Supplier<Window> owner) {
    this.model = model;
    this.owner = owner;
  }

  /** Mounts the selected layer read-write, or read-only. */
  public void mount(boolean readOnly) {
    LayerRow row = model.selected().orElse(null);
    Session s = model.sessionProperty().get();
    if (row == null || s == null) {
      return;
    }
    Path merged = s.driver().layerDir(row.id()).resolve("merged");
    String what = row.mounted()
        ? "The layer is already mounted at " + merged + " (" + row.mountCount() + " user(s)); this adds one user "
            + "to that mount, with its existing options. Nothing is written to the layer."
        : "Mounts overlay at " + merged + (readOnly ? " read-only" : " read-write") + " with " + row.depth()
            + " lower layer(s)" + (readOnly ? ". Nothing can be written through it."
                : ", upper dir " + s.driver().diffPath(row.id()) + " and work dir "
                    + s.driver().layerDir(row.id()).resolve("work") + ". Writes through the mount change the "
                    + "layer's diff.") + " Missing l/ links of its lowers are recreated first.";
    if (!Confirm.ask(owner.get(), (readOnly ? "Mount read-only " : "Mount read-write ") + model.label(row.id()),
        "Mount", what)) {
      return;
    }
    MountOpts opts = readOnly ? MountOpts.readOnly() : MountOpts.DEFAULT;
    model.tasks().run("Mounting " + row.shortId(), (p, c) -> s.mounts().mount(row.id(), opts), dir -> {
      log.info("mounted {} at {}", row.id(), dir);
      model.refresh();
    });
  }

  /** Drops one user of the selected layer's mount; the last one unmounts it. */
  public void unmount() {
    LayerRow row = model.selected().orElse(null);
    Session s = model.sessionProperty().get();
    if (row == null || s == null) {
      return;
    }
    Path merged = s.driver().layerDir(row.id()).resolve("merged");
    String what = row.mountCount() > 1
        ? "Drops one of the " + row.mountCount() + " users of the mount at " + merged + "; it stays mounted."
        : "Unmounts " + merged + " and removes the empty merged dir. The layer's diff is kept; processes using the "
            + "mount lose it.";
    if (!Confirm.ask(owner.get(), "Unmount " + model.label(row.id()), "Unmount", what)) {
      return;
    }
    model.tasks().run("Unmounting " + row.shortId(), (p, c) -> {
      s.mounts().unmount(row.id(), false);
      return merged;
    }, dir -> {
      log.info("released {} ({})", row.id(), dir);
      model.refresh();
    });
  }

  /** Recreates the {@code l/} links the layers' {@code link} files name but {@code l/} lacks. */
  public void recreateLinks() {
    Session s = model.sessionProperty().get();
    if (s == null || model.inventoryProperty().get() == null) {
      return;
    }
    List<LinkRow> missing = model.inventoryProperty().get().links().rows().stream()
        .filter(r -> r.state() == LinkState.MISSING && r.owner() != null).toList();
    StringBuilder what = new StringBuilder();
    if (missing.isEmpty()) {
      what.append("No l/ link is missing, so no link will be created. Layers without a link file get one "
          + "rebuilt from the l/ entry that points at them, if any.");
    } else {
      what.append("Creates ").append(missing.size()).append(" symlink(s) in ").append(s.driver().home().resolve("l"))
          .append(":\n");
      missing.forEach(r -> what.append("  ").append(r.name()).append(" -> ../").append(r.owner()).append("/diff\n"));
      what.append("Nothing is deleted; links pointing at the wrong layer are left for the repair plan.");
    }
    if (!Confirm.ask(owner.get(), "Recreate missing links", "Recreate", what.toString())) {
      return;
    }
    model.tasks().run("Recreating links", (p, c) -> s.driver().recreateSymlinks(), (LinkReport r) -> {
      log.info("recreated {} link(s), rebuilt {} link file(s)", r.createdLinks().size(), r.rebuiltLinkFiles().size());
      r.problems().forEach(pr -> log.warn("not fixed: {}", pr));
      model.refresh();
    });
  }
}
