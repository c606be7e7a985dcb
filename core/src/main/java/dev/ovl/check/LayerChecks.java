package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import dev.ovl.store.ContainerRecord;
import dev.ovl.store.ImageRecord;
import dev.ovl.store.LayerRecord;
import dev.ovl.store.MountRecord;
import dev.ovl.store.Store;
import dev.ovl.store.StoreFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Layer dirs against the store's JSON: missing and orphan dirs, missing sub-dirs, incomplete layers, mounts. */
final class LayerChecks {
  private LayerChecks() {}

  /** {@code users}: layer ids something depends on (a child layer, an image, a container). */
  static void run(StoreScan scan, Store store, Set<String> users, List<Draft> out) {
    Path layersJson = store.paths().json(StoreFile.LAYERS);
    Set<String> recorded = new HashSet<>();
    for (LayerRecord r : store.layers()) {
      recorded.add(r.id());
      StoreScan.LayerDir dir = scan.dirs.get(r.id());
      Path json = store.paths().json(r.volatileLayer() ? StoreFile.VOLATILE_LAYERS : StoreFile.LAYERS);
      if (r.incomplete()) {
        Draft d = new Draft(Code.LAYER_INCOMPLETE, r.id(), "layer " + r.id() + " is flagged incomplete")
            .evidence(json + ": flags.incomplete = true");
        removeUnlessUsed(d, r.id(), dir == null ? null : dir.dir(), json, users);
        out.add(d);
        continue;
      }
      if (dir == null) {
        Draft d = new Draft(Code.LAYER_DIR_MISSING, r.id(), "layer " + r.id() + " is in layers.json but has no "
            + "directory").evidence(store.paths().home().resolve(r.id()) + " does not exist");
        removeUnlessUsed(d, r.id(), null, json, users);
        out.add(d);
        continue;
      }
      r.parent().filter(p -> store.layer(p).isEmpty()).ifPresent(p -> out.add(new Draft(Code.PARENT_MISSING,
          r.id(), "layer " + r.id() + ": parent " + p + " is not in layers.json")
          .evidence(layersJson + ": parent = " + p)
          .advice("none in place: the parent's record is gone; remove the images and containers using this "
              + "layer and pull them again")));
    }
    for (StoreScan.LayerDir dir : scan.dirs.values()) {
      if (!recorded.contains(dir.id())) {
        Draft d = new Draft(Code.LAYER_DIR_ORPHAN, dir.id(), "directory " + dir.dir() + " is not in layers.json")
            .evidence(dir.dir() + " exists; no layers.json entry has id " + dir.id());
        if (users.contains(dir.id())) {
          d.advice("none: another layer's lower file uses it");
        } else {
          d.step(new RepairStep(Action.REMOVE_LAYER, dir.dir().toString(), dir.id(), "", "", true,
              "delete orphan layer directory " + dir.id() + " and its l/ link"));
        }
        out.add(d);
        continue;
      }
      subDirs(scan, store, dir, out);
    }
    for (ImageRecord img : store.images()) {
      img.topLayer().filter(t -> store.layer(t).isEmpty()).ifPresent(t -> out.add(
          new Draft(Code.IMAGE_LAYER_MISSING, "", "image " + String.join(",", img.names()) + " (" + img.id()
              + "): top layer " + t + " is gone")
              .evidence(store.paths().json(StoreFile.IMAGES) + ": layer = " + t + ", not in layers.json")
              .step(RepairStep.json(Action.REMOVE_ENTRY, store.paths().json(StoreFile.IMAGES), img.id(), "", "",
                  "remove image " + img.id() + " from images.json (pull it again)"))));
    }
    for (ContainerRecord c : store.containers()) {
      if (store.layer(c.layer()).isEmpty()) {
        out.add(new Draft(Code.CONTAINER_LAYER_MISSING, "", "container " + String.join(",", c.names()) + " ("
            + c.id() + "): layer " + c.layer() + " is gone")
            .evidence(store.paths().json(StoreFile.CONTAINERS) + ": layer = " + c.layer() + ", not in layers.json")
            .step(RepairStep.json(Action.REMOVE_ENTRY, store.paths().json(StoreFile.CONTAINERS), c.id(), "", "",
                "remove container " + c.id() + " from containers.json")));
      }
    }
    mounts(scan, store, out);
  }

  private static void removeUnlessUsed(Draft d, String id, Path dir, Path json, Set<String> users) {
    if (users.contains(id)) {
      d.advice("none in place: a child layer, image or container uses it; remove those and pull again");
    } else if (dir != null) {
      d.step(new RepairStep(Action.REMOVE_LAYER, dir.toString(), id, "", "", true,
          "delete layer " + id + " (directory, l/ link and layers.json entry), as containers/storage would"));
    } else {
      d.step(RepairStep.json(Action.REMOVE_ENTRY, json, id, "", "", "remove layer " + id + " from "
          + json.getFileName()));
    }
  }

  private static void subDirs(StoreScan scan, Store store, StoreScan.LayerDir dir, List<Draft> out) {
    String id = dir.id();
    if (!dir.diff()) {
      out.add(new Draft(Code.DIFF_MISSING, id, "layer " + id + ": diff is missing, its files are gone")
          .evidence(dir.dir().resolve("diff") + " does not exist")
          .advice("none in place: remove the images and containers using this layer and pull them again"));
    }
    boolean base = store.layer(id).flatMap(LayerRecord::parent).isEmpty();
    // merged is not checked: containers/storage removes it on every unmount and creates it on mount
    Map<String, Boolean> want = base ? Map.of("work", dir.work(), "empty", dir.empty()) : Map.of("work", dir.work());
    for (String sub : List.of("work", "empty")) {
      if (want.containsKey(sub) && !want.get(sub)) {
        Code code = sub.equals("work") ? Code.WORK_MISSING : Code.EMPTY_MISSING;
        Path p = dir.dir().resolve(sub);
        out.add(new Draft(code, id, "layer " + id + ": " + sub + " is missing").evidence(p + " does not exist")
            .step(RepairStep.of(Action.MKDIR, p, "", "0700 " + dir.uid() + ":" + dir.gid(), "create " + p)));
      }
    }
    if (!dir.incompat().isEmpty() && !scan.mounted(id)) {
      Draft d = new Draft(Code.LEFTOVER_INCOMPAT, id, "layer " + id + ": the kernel's incompat leftover is in work");
      dir.incompat().forEach(p -> d.evidence(p + " exists").step(RepairStep.of(Action.REMOVE_PATH, p, "", "",
          "remove " + p)));
      out.add(d);
    }
  }

  private static void mounts(StoreScan scan, Store store, List<Draft> out) {
    Path json = store.paths().json(StoreFile.MOUNTPOINTS);
    Map<String, MountRecord> byId = new java.util.HashMap<>();
    store.mounts().forEach(m -> byId.put(m.id(), m));
    for (StoreScan.LayerDir dir : scan.dirs.values()) {
      Path merged = dir.dir().resolve("merged");
      MountRecord m = byId.remove(dir.id());
      boolean mounted = scan.mounted(dir.id());
      if (mounted && (m == null || m.count() <= 0)) {
        out.add(new Draft(Code.MOUNT_NO_USER, dir.id(), "layer " + dir.id() + " is mounted, but mountpoints.json "
            + "counts no user").evidence(scan.mountLines.get(merged))
            .evidence(json + (m == null ? " has no entry for it" : ": count = " + m.count()))
            .step(RepairStep.of(Action.UNMOUNT, merged, scan.mountLines.get(merged), "", "unmount " + merged)));
      } else if (!mounted && m != null && m.count() > 0) {
        out.add(stale(json, m, "layer " + dir.id() + ": mountpoints.json counts " + m.count()
            + " user(s), but nothing is mounted on " + merged));
      }
    }
    for (MountRecord m : byId.values()) {
      out.add(stale(json, m, "mountpoints.json counts users of layer " + m.id() + ", which has no directory"));
    }
  }

  private static Draft stale(Path json, MountRecord m, String message) {
    return new Draft(Code.MOUNT_RECORD_STALE, m.id(), message)
        .evidence(json + ": {id: " + m.id() + ", path: " + m.path() + ", count: " + m.count() + "}")
        .evidence("no mount on " + m.path() + " in /proc/self/mountinfo")
        .step(RepairStep.json(Action.SET_MOUNT_COUNT, json, m.id(), Integer.toString(m.count()), "0",
            "drop the mountpoints.json entry of " + m.id()));
  }
}
