package dev.ovl.driver;

import dev.ovl.archive.ApplyOptions;
import dev.ovl.archive.Change;
import dev.ovl.archive.DirSize;
import dev.ovl.archive.IdShift;
import dev.ovl.archive.LayerChanges;
import dev.ovl.archive.TarApply;
import dev.ovl.archive.TarExport;
import dev.ovl.archive.WhiteoutFormat;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.CrashPoint;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A layer's contents as tar streams and change lists: ApplyDiff, Diff, Changes, DiffSize, DiffGetter and
 * UpdateLayerIDMap, as the reference driver does them, falling back to {@link NaiveDiff} where it does.
 */
public final class LayerContents {
  private static final Logger LOG = LoggerFactory.getLogger(LayerContents.class);

  private final OverlayDriver driver;
  private final NaiveDiff naive;

  private LayerContents(OverlayDriver driver) {
    this.driver = driver;
    this.naive = new NaiveDiff(driver);
  }

  public static LayerContents of(OverlayDriver driver) {
    return new LayerContents(driver);
  }

  /** The whiteout format of the layer dirs: AUFS files with a mount program, overlay devices otherwise. */
  public WhiteoutFormat whiteoutFormat() {
    return driver.options().hasMountProgram() ? WhiteoutFormat.AUFS : WhiteoutFormat.OVERLAY;
  }

  /**
   * Applies an uncompressed layer tar and returns the size as the reference does; nothing changes on failure, a
   * kill leaves an empty {@code diff} empty (see {@link StagedApply}), and a kill during an apply into a non-empty
   * one is undone by the next apply or by {@link LayerRecovery#undoApply}.
   */
  public long applyDiff(String id, String parent, IdMappings mappings, InputStream tar, Progress progress,
      Cancel cancel) throws IOException {
    DriverOptions o = driver.options();
    if (!driver.isParent(id, parent)) {
      return naive.applyDiff(id, mappings, o.ignoreChownErrors(), tar, progress, cancel);
    }
    Path diff = driver.diffPath(id);
    LOG.debug("Applying tar in {}", diff);
    Integer mask = o.forceMask().isPresent() ? o.forceMask().getAsInt() : null;
    ApplyOptions a = new ApplyOptions(mappings, whiteoutFormat(), o.ignoreChownErrors(), mask, false);
    int undone = TarApply.undoInterrupted(diff);
    if (undone > 0) {
      LOG.info("Undid {} killed apply-diff(s) into {} before applying", undone, diff);
    }
    if (StagedApply.canStage(diff)) {
      return StagedApply.apply(diff, tar, a, o.syncFilesystem(), progress, cancel);
    }
    return TarApply.applyInPlace(tar, diff, a, progress, cancel);
  }

  /** Writes the tar of the layer's changes against {@code parent} to {@code out}. */
  public void diff(String id, IdMappings idMappings, String parent, IdMappings parentMappings, OutputStream out,
      Progress progress, Cancel cancel) throws IOException {
    if (driver.useNaiveDiff() || !driver.isParent(id, parent)) {
      naive.diff(id, idMappings, parent, parentMappings, out, progress, cancel);
      return;
    }
    List<Path> lowers = driver.lowerDirs(id);
    TarExport.export(driver.diffPath(id), out, idMappings, whiteoutFormat(), lowers, progress, cancel);
  }

  /** The changes of the layer against {@code parent}. */
  public List<Change> changes(String id, IdMappings idMappings, String parent, IdMappings parentMappings,
      Progress progress, Cancel cancel) throws IOException {
    if (driver.useNaiveDiff() || !driver.isParent(id, parent)) {
      return naive.changes(id, idMappings, parent, parentMappings, progress, cancel);
    }
    return LayerChanges.overlay(driver.lowerDirs(id), driver.diffPath(id), progress, cancel);
  }

  /** The size of the layer's changes against {@code parent}. */
  public long diffSize(String id, IdMappings idMappings, String parent, IdMappings parentMappings,
      Progress progress, Cancel cancel) throws IOException {
    if (driver.useNaiveDiff() || !driver.isParent(id, parent)) {
      return naive.diffSize(id, idMappings, parent, parentMappings, progress, cancel);
    }
    return DirSize.of(driver.diffPath(id));
  }

  /**
   * Opens a regular file of the layer's diff by its tar path (DiffGetter, for tar-split). The path may not climb
   * out of the diff, pass through a symlink or name anything but a regular file.
   */
  public InputStream diffGetter(String id, String tarPath) throws IOException {
    Path p = driver.diffPath(id);
    for (String part : tarPath.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IOException("refused layer path \"" + tarPath + "\": it climbs out with ..");
      }
      if (Files.isSymbolicLink(p)) {
        throw new IOException("refused layer path \"" + tarPath + "\": it goes through a symlink");
      }
      p = RawNames.resolve(p, part); // a tar-split path keeps the bytes of a name that is not UTF-8
    }
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(p.toString(), null, "not a regular file of layer " + id);
    }
    return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Chowns the layer's contents from {@code toContainer} to {@code toHost} through a mount (so lower files are
   * copied up), then rotates {@code diff} to {@code diff1}... and starts a fresh {@code diff} and {@code work}.
   * A call killed before the rotation is undone by the next call, which then does the work; one killed during the
   * rotation is finished by the next call, which then returns (see {@link IdMapJournal}).
   */
  public void updateLayerIdMap(String id, IdMappings toContainer, IdMappings toHost, Progress progress,
      Cancel cancel) throws IOException {
    Path dir = driver.existingDir(id);
    Path diff = dir.resolve("diff");
    int rootUid = toHost == null ? 0 : toHost.rootUid();
    int rootGid = toHost == null ? 0 : toHost.rootGid();
    int[] pending = IdMapJournal.pendingRotation(dir);
    if (pending != null) {
      LOG.warn("finishing the update-id-map of {} that was interrupted while rotating its diff dirs", id);
      rotate(dir, pending[0], pending[1], rootUid, rootGid);
      return;
    }
    if (Files.exists(dir.resolve(IdMapJournal.JOURNAL)) && driver.mountCount(id) > 0) {
      driver.put(id); // the mount the interrupted call left behind
    }
    if (IdMapJournal.undo(dir, diff)) {
      LOG.warn("undid the chown of an interrupted update-id-map of {}", id);
    }
    IdMapJournal.begin(dir, diff);
    List<String> opts = Arrays.stream(driver.options().mountOptions().split(",")).filter(s -> !s.isEmpty())
        .toList();
    Path fs = driver.get(id, new MountOpts(opts, "", null), true);
    try {
      CrashPoint.hit("idmap.mounted");
      IdShift.chownByMaps(fs, toContainer, toHost, progress, cancel);
    } catch (IOException | RuntimeException e) {
      try {
        driver.put(id);
        IdMapJournal.undo(dir, diff);
      } catch (IOException e2) {
        e.addSuppressed(e2);
      }
      throw e;
    }
    driver.put(id);
    CrashPoint.hit("idmap.chowned");
    int count = 0;
    while (Files.exists(suffixed(diff, count), LinkOption.NOFOLLOW_LINKS)) {
      count++;
    }
    int perms = OverlayDriver.DEFAULT_PERMS;
    if (driver.options().forceMask().isPresent()) {
      perms = driver.options().forceMask().getAsInt();
    } else if (count > 0) {
      perms = Dirs.permBits(diff);
    }
    IdMapJournal.rotating(dir, count, perms);
    rotate(dir, count, perms, rootUid, rootGid);
  }

  /** Moves {@code diff}... up by one ({@code count} dirs before the move), then makes a fresh diff and work. */
  private static void rotate(Path dir, int count, int perms, int rootUid, int rootGid) throws IOException {
    Path diff = dir.resolve("diff");
    for (int i = count; i > 0; i--) {
      if (!Files.exists(suffixed(diff, i), LinkOption.NOFOLLOW_LINKS)) {
        Syscalls.rename(suffixed(diff, i - 1), suffixed(diff, i), Syscalls.RENAME_NOREPLACE);
        CrashPoint.hit("idmap.rotating");
      }
    }
    Path work = dir.resolve("work");
    Dirs.ensureRemoveAll(work);
    Dirs.mkdirAs(work, OverlayDriver.DEFAULT_PERMS, rootUid, rootGid);
    if (!Files.exists(diff, LinkOption.NOFOLLOW_LINKS)) {
      Dirs.mkdirAs(diff, perms, rootUid, rootGid);
    }
    CrashPoint.hit("idmap.rotated");
    IdMapJournal.done(dir);
  }

  private static Path suffixed(Path diff, int n) {
    return n == 0 ? diff : diff.resolveSibling("diff" + n);
  }
}
