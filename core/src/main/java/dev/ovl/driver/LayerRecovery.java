package dev.ovl.driver;

import dev.ovl.archive.TarApply;
import java.io.IOException;
import java.nio.file.Path;

/** The driver's own recovery of a half-done layer, for {@code ovl repair}: the same code the next call would run. */
public final class LayerRecovery {
  /** The marker a staged ApplyDiff leaves next to {@code diff}; it never holds the layer's contents. */
  public static final String STAGED_DIFF = StagedApply.STAGING;
  /** The marker of an update-id-map killed before its rotation: undone by {@link #undoIdMap}. */
  public static final String IDMAP_JOURNAL = IdMapJournal.JOURNAL;
  /** The marker of an update-id-map killed while rotating: finished by running update-id-map again. */
  public static final String IDMAP_ROTATE = IdMapJournal.ROTATE;
  /** The prefix of the trash dir an in-place ApplyDiff keeps in the diff root while it runs. */
  public static final String APPLY_TRASH_PREFIX = TarApply.TRASH_PREFIX;
  /** The journal in such a trash dir, which {@link #undoApply} replays. */
  public static final String APPLY_JOURNAL = TarApply.TRASH_JOURNAL;

  private LayerRecovery() {}

  /** Undoes the killed in-place ApplyDiffs of the layer in {@code layerDir} that kept a journal; returns how many. */
  public static int undoApply(Path layerDir) throws IOException {
    return TarApply.undoInterrupted(layerDir.resolve("diff"));
  }

  /** Undoes the chown of an interrupted update-id-map of the (unmounted) layer in {@code layerDir}. */
  public static boolean undoIdMap(Path layerDir) throws IOException {
    return IdMapJournal.undo(layerDir, layerDir.resolve("diff"));
  }
}
