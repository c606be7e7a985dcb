package dev.ovl.gui.events;

import dev.ovl.driver.LayerContents;
import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.Sizes;
import dev.ovl.gui.model.StoreModel;
import dev.ovl.idtools.IdMappings;
import dev.ovl.inspect.DiffExport;
import dev.ovl.inspect.IdMapPreview;
import dev.ovl.inspect.LayerRow;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Actions on a layer's contents through core's LayerContents: export the diff as a tar, rotate ID maps. */
public final class ContentActions {
  private static final Logger log = LoggerFactory.getLogger(ContentActions.class);

  private final StoreModel model;
  private final Supplier<Window> owner;

  public ContentActions(StoreModel model, Supplier<Window> owner) {
    this.model = model;
    this.owner = owner;
  }

  /** Exports the selected layer's changes against its parent to {@code file}, atomically. */
  public void exportDiff(Path file) {
    LayerRow row = model.selected().orElse(null);
    Session s = model.sessionProperty().get();
    if (row == null || s == null || file == null) {
      return;
    }
    String against = row.parent() == null ? "nothing (a base layer: every file)" : "its parent "
        + model.label(row.parent());
    String what = "Writes a tar of the changes of layer " + model.label(row.id()) + " against " + against + " to "
        + file.toAbsolutePath() + " (about " + Sizes.human(row.diffSize()) + " of file data). The tar is written "
        + "next to it under a hidden name and renamed into place when complete, replacing any file of that name; "
        + "a cancelled or failed export leaves no file. The store is not changed.";
    if (!Confirm.ask(owner.get(), "Export diff of " + model.label(row.id()), "Export", what)) {
      return;
    }
    model.tasks().run("Exporting " + row.shortId(), (p, c) -> {
      DiffExport.toFile(s.driver(), row.id(), row.parent(), file, p, c);
      return file;
    }, f -> log.info("exported the diff of {} to {}", row.id(), f.toAbsolutePath()));
  }

  /**
   * Rotates the selected layer's ID maps: counts the entries it would chown first, asks with that count, then
   * runs UpdateLayerIDMap and refreshes.
   */
  public void rotateIdMaps(IdMappings from, IdMappings to) {
    LayerRow row = model.selected().orElse(null);
    Session s = model.sessionProperty().get();
    if (row == null || s == null) {
      return;
    }
    model.tasks().run("Counting entries of " + row.shortId(),
        (p, c) -> IdMapPreview.of(s.driver(), row.id(), from, to, c), preview -> {
          String what = "Chowns " + preview.changed() + " of the " + preview.entries() + " entries of layer "
              + model.label(row.id()) + "'s merged view from UID map [" + IdMappings.format(from.uids())
              + "] / GID map [" + IdMappings.format(from.gids()) + "] to UID map [" + IdMappings.format(to.uids())
              + "] / GID map [" + IdMappings.format(to.gids()) + "] (empty: identity). It mounts the layer, so "
              + "lower files it chowns are copied up; then diff becomes diff1 (older diffN shift up) and a fresh "
              + "empty diff and work dir are made. The layer must not be in use.";
          if (!Confirm.ask(owner.get(), "Rotate ID maps of " + model.label(row.id()), "Rotate", what)) {
            return;
          }
          model.tasks().run("Rotating ID maps of " + row.shortId(), (p, c) -> {
            LayerContents.of(s.driver()).updateLayerIdMap(row.id(), from, to, p, c);
            return preview;
          }, done -> {
            log.info("rotated the ID maps of {}: {} entries chowned", row.id(), done.changed());
            model.refresh();
          });
        });
  }
}
