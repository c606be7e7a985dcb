package dev.ovl.check;

import dev.ovl.check.RepairStep.Action;
import dev.ovl.driver.LayerRecovery;
import dev.ovl.natives.Mounts;
import dev.ovl.natives.Syscalls;
import dev.ovl.store.Store;
import dev.ovl.store.StoreFile;
import dev.ovl.work.Cancel;
import dev.ovl.work.CrashPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ovl repair}: turns findings into an ordered plan, and applies it step by step into a journal. */
public final class Repairer {
  private Repairer() {}

  /** Every proposed step of {@code findings}, once each, in the order they must be applied. */
  public static List<RepairStep> plan(List<Finding> findings) {
    Map<String, RepairStep> unique = new LinkedHashMap<>();
    for (Finding f : findings) {
      for (RepairStep s : f.repair()) {
        unique.putIfAbsent(s.action() + "\0" + s.path() + "\0" + s.id() + "\0" + s.newContent(), s);
      }
    }
    List<RepairStep> steps = new ArrayList<>(unique.values());
    steps.sort(Comparator.comparing(RepairStep::action));
    return List.copyOf(steps);
  }

  /**
   * Applies {@code plan} to {@code store} (opened exclusive); steps that need --force are skipped without it.
   * Each applied step is journaled first-to-last; the first failure is journaled and stops the repair.
   */
  public static RepairResult apply(List<RepairStep> plan, Store store, boolean force, Journal journal,
      Cancel cancel) throws IOException {
    List<RepairStep> applied = new ArrayList<>();
    List<RepairStep> skipped = new ArrayList<>();
    for (RepairStep s : plan) {
      cancel.check();
      if (s.needsForce() && !force) {
        skipped.add(s);
        continue;
      }
      int n = applied.size();
      CrashPoint.hit("repair.before." + n);
      Path backup;
      try {
        backup = applyOne(s, store);
        CrashPoint.hit("repair.applied." + n);
      } catch (IOException | RuntimeException e) {
        journal.record(s, "failed: " + e.getMessage(), null);
        throw new IOException("repair stopped at \"" + s.description() + "\": " + e.getMessage()
            + " (journal: " + journal.file() + ")", e);
      }
      journal.record(s, "applied", backup);
      CrashPoint.hit("repair.journaled." + n);
      applied.add(s);
    }
    return new RepairResult(applied, skipped, journal.file().toString());
  }

  private static Path applyOne(RepairStep s, Store store) throws IOException {
    Path p = Path.of(s.path());
    switch (s.action()) {
      case UNMOUNT -> Mounts.unmount(p);
      case UNDO_ID_MAP -> LayerRecovery.undoIdMap(p);
      case UNDO_APPLY -> LayerRecovery.undoApply(p);
      case REMOVE_PATH -> RepairFiles.removeTree(p);
      case MKDIR -> mkdir(p, s.newContent());
      case WRITE_FILE -> {
        expect(p, s.oldContent(), RepairFiles.textOrEmpty(p));
        RepairFiles.writeAtomic(p, s.newContent());
      }
      case SYMLINK -> {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(p + " is a directory");
        }
        RepairFiles.symlinkAtomic(p, s.newContent());
      }
      case REMOVE_LAYER -> {
        RepairFiles.removeLayer(store.paths().home(), s.id());
        return store.layer(s.id()).isPresent()
            ? store.removeEntries(store.layer(s.id()).get().volatileLayer() ? StoreFile.VOLATILE_LAYERS
                : StoreFile.LAYERS, s.id()::equals)
            : null;
      }
      case REMOVE_ENTRY -> {
        return store.removeEntries(fileOf(store, p), s.id()::equals);
      }
      case SET_MOUNT_COUNT -> {
        return store.setMountCount(s.id(), Integer.parseInt(s.newContent()));
      }
      default -> throw new IllegalStateException(s.action().toString());
    }
    return null;
  }

  private static void expect(Path p, String old, String now) throws IOException {
    if (!old.equals(now)) {
      throw new IOException(p + " changed since it was checked; run ovl check again");
    }
  }

  /** MKDIR's new content is "MODE" or "MODE UID:GID"; without an owner the parent's owner is used. */
  private static void mkdir(Path p, String spec) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String[] parts = spec.split(" ");
    int mode = Integer.parseInt(parts[0], 8);
    int uid;
    int gid;
    if (parts.length > 1) {
      uid = Integer.parseInt(parts[1].split(":")[0]);
      gid = Integer.parseInt(parts[1].split(":")[1]);
    } else {
      uid = (Integer) Files.getAttribute(p.getParent(), "unix:uid");
      gid = (Integer) Files.getAttribute(p.getParent(), "unix:gid");
    }
    Syscalls.mkdir(p, mode);
    Syscalls.chmod(p, mode);
    Syscalls.lchown(p, uid, gid);
  }

  private static StoreFile fileOf(Store store, Path json) {
    for (StoreFile f : StoreFile.values()) {
      if (store.paths().json(f).equals(json)) {
        return f;
      }
    }
    throw new IllegalArgumentException(json + " is not one of the store's JSON files");
  }
}
