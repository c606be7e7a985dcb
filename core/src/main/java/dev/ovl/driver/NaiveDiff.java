package dev.ovl.driver;

import dev.ovl.archive.ApplyOptions;
import dev.ovl.archive.Change;
import dev.ovl.archive.LayerChanges;
import dev.ovl.archive.TarApply;
import dev.ovl.archive.TarExport;
import dev.ovl.archive.WhiteoutFormat;
import dev.ovl.idtools.IdMappings;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The naive diff driver (Go's NaiveDiffDriver): mounts the layer (and its parent, read-only) and compares,
 * exports or applies through the mounts. Used when the parent is not the direct one, when native diff is off,
 * and with a mount program.
 */
final class NaiveDiff {
  private final OverlayDriver driver;

  NaiveDiff(OverlayDriver driver) {
    this.driver = driver;
  }

  /** Applies the tar onto the mounted layer, whiteouts deleting what they name; returns the tar's total size. */
  long applyDiff(String id, IdMappings mappings, boolean ignoreChownErrors, InputStream tar, Progress progress,
      Cancel cancel) throws IOException {
    Path merged = driver.get(id, MountOpts.DEFAULT);
    try {
      ApplyOptions o = new ApplyOptions(mappings, WhiteoutFormat.AUFS, ignoreChownErrors, null, true);
      return TarApply.apply(tar, merged, o, progress, cancel);
    } finally {
      driver.put(id);
    }
  }

  void diff(String id, IdMappings idMappings, String parent, IdMappings parentMappings, OutputStream out,
      Progress progress, Cancel cancel) throws IOException {
    Path merged = driver.get(id, MountOpts.DEFAULT);
    try {
      if (parent == null || parent.isEmpty()) {
        TarExport.export(merged, out, idMappings, WhiteoutFormat.AUFS, List.of(), progress, cancel);
        return;
      }
      Path parentFs = driver.get(parent, MountOpts.readOnly());
      try {
        List<Change> changes = LayerChanges.naive(merged, idMappings, parentFs, parentMappings, Progress.NONE,
            cancel);
        TarExport.exportChanges(merged, changes, out, idMappings, progress, cancel);
      } finally {
        driver.put(parent);
      }
    } finally {
      driver.put(id);
    }
  }

  List<Change> changes(String id, IdMappings idMappings, String parent, IdMappings parentMappings,
      Progress progress, Cancel cancel) throws IOException {
    Path merged = driver.get(id, MountOpts.DEFAULT);
    try {
      if (parent == null || parent.isEmpty()) {
        return LayerChanges.naive(merged, idMappings, null, parentMappings, progress, cancel);
      }
      Path parentFs = driver.get(parent, MountOpts.readOnly());
      try {
        return LayerChanges.naive(merged, idMappings, parentFs, parentMappings, progress, cancel);
      } finally {
        driver.put(parent);
      }
    } finally {
      driver.put(id);
    }
  }

  long diffSize(String id, IdMappings idMappings, String parent, IdMappings parentMappings, Progress progress,
      Cancel cancel) throws IOException {
    List<Change> changes = changes(id, idMappings, parent, parentMappings, progress, cancel);
    Path merged = driver.get(id, MountOpts.DEFAULT);
    try {
      return LayerChanges.size(merged, changes);
    } finally {
      driver.put(id);
    }
  }
}
