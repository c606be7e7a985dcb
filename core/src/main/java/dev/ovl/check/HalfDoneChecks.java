package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import dev.ovl.driver.LayerRecovery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The markers a killed driver operation leaves in a layer dir, each reported as a half-done layer; the repair is the
 * driver's own recovery ({@link LayerRecovery}), never a second implementation of it.
 */
final class HalfDoneChecks {
  private HalfDoneChecks() {}

  static void run(StoreScan scan, List<Draft> out) {
    for (StoreScan.LayerDir dir : scan.dirs.values()) {
      String id = dir.id();
      Path staged = dir.dir().resolve(LayerRecovery.STAGED_DIFF);
      if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
        out.add(new Draft(Code.HALF_APPLY_STAGED, id, "layer " + id + ": an apply-diff was killed around its swap")
            .evidence(staged + " exists (it never holds the layer's contents)")
            .step(RepairStep.of(Action.REMOVE_PATH, staged, "", "", "remove " + staged + ", as the next apply would")));
      }
      Path journal = dir.dir().resolve(LayerRecovery.IDMAP_JOURNAL);
      Path rotate = dir.dir().resolve(LayerRecovery.IDMAP_ROTATE);
      if (Files.exists(rotate, LinkOption.NOFOLLOW_LINKS)) {
        out.add(new Draft(Code.HALF_IDMAP_ROTATE, id, "layer " + id + ": an update-id-map was killed while "
            + "rotating its diff dirs").evidence(rotate + " = \"" + text(rotate) + "\"")
            .advice("run update-id-map on the layer again with the same mappings: it finishes the rotation"));
      } else if (Files.exists(journal, LinkOption.NOFOLLOW_LINKS)) {
        Draft d = new Draft(Code.HALF_IDMAP_CHOWN, id, "layer " + id + ": an update-id-map was killed while "
            + "chowning its files").evidence(journal + " exists");
        Path merged = dir.dir().resolve("merged");
        if (scan.mounted(id)) {
          d.evidence(merged + " is still mounted by it")
              .step(RepairStep.of(Action.UNMOUNT, merged, scan.mountLines.get(merged), "", "unmount " + merged));
        }
        out.add(d.step(RepairStep.of(Action.UNDO_ID_MAP, dir.dir(), "", "",
            "undo the interrupted chown of " + id + " from " + journal.getFileName())));
      }
      if (dir.diff()) {
        for (Path trash : trashDirs(dir.dir().resolve("diff"))) {
          Draft d = new Draft(Code.HALF_APPLY_IN_PLACE, id, "layer " + id + ": an apply-diff into its non-empty "
              + "diff was killed; the diff holds part of the tar").evidence(trash + " exists");
          if (!Files.exists(trash.resolve(LayerRecovery.APPLY_JOURNAL), LinkOption.NOFOLLOW_LINKS)) {
            out.add(d.advice("it kept no journal (an older ovl): remove the images and containers using this "
                + "layer and pull them again"));
            continue;
          }
          Path merged = dir.dir().resolve("merged");
          if (scan.mounted(id)) {
            d.evidence(merged + " is mounted").step(RepairStep.of(Action.UNMOUNT, merged,
                scan.mountLines.get(merged), "", "unmount " + merged));
          }
          out.add(d.step(RepairStep.of(Action.UNDO_APPLY, dir.dir(), "", "", "undo the killed apply-diff into " + id
              + " from " + trash.getFileName() + "/" + LayerRecovery.APPLY_JOURNAL)));
        }
      }
    }
  }

  private static List<Path> trashDirs(Path diff) {
    try (var s = Files.list(diff)) {
      return s.filter(p -> p.getFileName().toString().startsWith(LayerRecovery.APPLY_TRASH_PREFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Path p) {
    try {
      return LinkNames.printable(Files.readString(p).strip());
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
