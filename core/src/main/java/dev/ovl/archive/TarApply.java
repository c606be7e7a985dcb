package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.DirFd;
import dev.ovl.natives.NewFile;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.CrashPoint;
import dev.ovl.work.Progress;
import dev.ovl.work.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies an uncompressed layer tar to a directory, as containers/storage's Unpack (or UnpackLayer, in layer
 * mode) does, but refusing every entry that would reach outside the target, and putting the target back exactly as
 * it was when anything fails or the work is cancelled.
 */
public final class TarApply {
  /** The prefix of the trash dir an apply keeps in its target's root while it runs. */
  public static final String TRASH_PREFIX = Journal.TRASH_PREFIX;
  /** The file in that trash dir that lets {@link #undoInterrupted} undo a killed {@link #applyInPlace}. */
  public static final String TRASH_JOURNAL = JournalLog.FILE;
  static final String OVERRIDE_XATTR = "user.containers.override_stat";
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";
  static final String WH_PREFIX = ".wh.";
  static final String WH_OPAQUE = ".wh..wh..opq";
  static final String WH_META = ".wh..wh.";

  private final Path target;
  private final ApplyOptions opts;
  private final Journal journal;
  private final FileWriters writers = FileWriters.forThisMachine();
  private final TargetPaths paths;
  private final Set<String> seen = new HashSet<>(1 << 14); // sized for a typical layer: no rehashing
  private final Set<String> unpacked = new HashSet<>(1 << 14);
  private final List<Object[]> dirTimes = new ArrayList<>();
  private long tarSize;
  private Path current;
  /** The size of what this apply created, valid as the target's size while {@link #exact} holds. */
  private long createdSize;
  /** The target was empty and nothing was replaced: the size is known without walking the target. */
  private boolean exact;

  private TarApply(Path target, ApplyOptions opts) {
    this.target = target;
    this.opts = opts;
    this.journal = new Journal(target);
    IdMappings m = opts.mappings();
    this.paths = new TargetPaths(target, journal, m.rootUid(), m.rootGid(), writers::settle);
  }

  /**
   * Applies {@code tar} to {@code target} (an existing directory) and returns the size: Go's
   * {@code directory.Size} of the target, or in layer mode the sum of the entries' sizes.
   */
  public static long apply(InputStream tar, Path target, ApplyOptions opts, Progress progress, Cancel cancel)
      throws IOException {
    return apply(tar, target, opts, progress, cancel, false);
  }

  /**
   * Like {@link #apply}, for a target that keeps what a kill leaves (a layer's own diff): when the target is not
   * empty, the undo journal is also kept on disk, so that {@link #undoInterrupted} can put it back.
   */
  public static long applyInPlace(InputStream tar, Path target, ApplyOptions opts, Progress progress,
      Cancel cancel) throws IOException {
    return apply(tar, target, opts, progress, cancel, true);
  }

  /** Undoes every killed {@link #applyInPlace} into {@code target}; returns how many there were. */
  public static int undoInterrupted(Path target) throws IOException {
    return Journal.recover(target);
  }

  private static long apply(InputStream tar, Path target, ApplyOptions opts, Progress progress, Cancel cancel,
      boolean keepJournal) throws IOException {
    FileStat root = FileStat.lstatOrNull(target);
    if (root == null || !root.isDir()) {
      throw new IOException("cannot apply a layer to " + target + ": not a directory");
    }
    TarApply a = new TarApply(target, opts);
    try (FileWriters w = a.writers) {
      try {
        a.run(new TarReader(tar), progress, cancel, keepJournal);
        w.drain();
      } catch (IOException | RuntimeException | Error e) {
        w.close();
        a.journal.rollback(e);
        if (e instanceof IllegalArgumentException) {
          throw new IOException(e.getMessage(), e);
        }
        if (e instanceof IOException io) {
          throw SyscallException.ofJdk("write", a.current == null ? target : a.current, io);
        }
        throw e;
      }
    }
    try {
      a.finishDirs();
    } catch (IOException | RuntimeException | Error e) {
      a.journal.rollback(e);
      if (e instanceof IllegalArgumentException) {
        throw new IOException(e.getMessage(), e);
      }
      if (e instanceof IOException io) {
        throw SyscallException.ofJdk("write", a.current == null ? target : a.current, io);
      }
      throw e;
    }
    a.journal.commit();
    if (opts.layerMode()) {
      return a.tarSize;
    }
    return a.exact ? a.createdSize : DirSize.of(target);
  }

  private void run(TarReader in, Progress progress, Cancel cancel, boolean keepJournal) throws IOException {
    paths.touch("");
    try (var s = Files.newDirectoryStream(target)) {
      exact = !s.iterator().hasNext();
    }
    if (keepJournal && !exact) {
      journal.keepOnDisk();
    }
    if (opts.forceMask() != null) {
      FileStat st = FileStat.lstat(target);
      setXattr(target, OVERRIDE_XATTR, st.uid() + ":" + st.gid() + ":0" + Integer.toOctalString(st.mode() & 07777));
    }
    long entries = 0;
    TarEntry e;
    while ((e = in.next()) != null) {
      cancel.check();
      tarSize += e.size;
      applyEntry(in, e);
      progress.update(in.offset(), ++entries);
      CrashPoint.hit("apply.entry");
    }
  }

  /** Sets directory times last, once nothing more is written inside them. */
  private void finishDirs() throws IOException {
    for (Object[] d : dirTimes) {
      Path p = paths.resolve((String) d[0]);
      TarEntry de = (TarEntry) d[1];
      FileStat st = FileStat.lstatOrNull(p);
      if (st != null && st.isDir()) {
        Syscalls.lutimes(p, de.atimeNanos == Long.MIN_VALUE ? 0 : de.atimeNanos, de.mtimeNanos);
      }
    }
  }

  private void applyEntry(TarReader in, TarEntry e) throws IOException {
    String rel = TargetPaths.clean(e, e.name, "name");
    if (!seen.add(rel)) {
      throw new UnsafeEntryException(e, "duplicate path in the archive (Go refuses duplicates as well)");
    }
    if (rel.isEmpty()) {
      if (e.type != TarEntry.DIR) {
        throw new UnsafeEntryException(e, "it would replace the target itself with a " + TarEntry.typeName(e.type));
      }
      return; // Go leaves the root's own metadata alone
    }
    String trash = journal.trashName();
    if (rel.startsWith(trash) && (rel.length() == trash.length() || rel.charAt(trash.length()) == '/')) {
      throw new UnsafeEntryException(e, "the name is reserved while applying");
    }
    String base = TargetPaths.baseOf(rel);
    String parent = TargetPaths.parentOf(rel);
    long uid;
    long gid;
    try {
      uid = opts.mappings().uidToHost(e.uid);
      gid = opts.mappings().gidToHost(e.gid);
    } catch (IllegalArgumentException x) {
      throw new UnsafeEntryException(e, x.getMessage());
    }
    if (base.startsWith(WH_PREFIX) && (opts.layerMode() || opts.whiteouts() == WhiteoutFormat.OVERLAY)) {
      if (opts.layerMode()) {
        layerWhiteout(e, parent, base);
      } else {
        overlayWhiteout(e, parent, base, (int) uid, (int) gid);
      }
      return;
    }
    paths.ensureDir(e, parent, false);
    writers.settle(rel);
    Path path = paths.resolve(rel);
    current = path;
    FileStat old = paths.surelyAbsent(rel) ? null : FileStat.lstatOrNull(path);
    boolean merge = old != null && old.isDir() && e.type == TarEntry.DIR;
    paths.touch(parent);
    if (merge) {
      paths.touch(rel);
      paths.addKnownDir(rel);
    } else if (old != null) {
      exact = false;
      journal.moveAside(path);
      paths.forget(rel);
    }
    unpacked.add(rel);
    TarFile file = e.size > FileWriters.MAX_QUEUED_FILE ? in.file() : null;
    if (e.type == TarEntry.REG && e.sparse == null && writers.enabled()
        && (e.size <= FileWriters.MAX_QUEUED_FILE || file != null)) {
      queue(in, e, rel, path, file, (int) uid, (int) gid);
      return;
    }
    boolean linkToSymlink = create(in, e, rel, path, merge);
    finish(e, rel, EntryMeta.of(path), (int) uid, (int) gid, linkToSymlink);
  }

  /** Hands a regular file to the writers: its data in a buffer, or when {@code file} is given, copied from it. */
  private void queue(TarReader in, TarEntry e, String rel, Path path, TarFile file, int uid, int gid)
      throws IOException {
    long at = in.offset();
    ByteBuffer data = file != null ? null : writers.buffer((int) e.size);
    if (file == null) {
      in.readData(data);
    } else {
      in.skipData();
    }
    journal.created(path);
    createdSize += e.size;
    writers.submit(rel, data, () -> {
      if (file == null) {
        try (NewFile f = NewFile.create(path, 0600)) {
          f.write(data);
          finish(e, rel, EntryMeta.of(f), uid, gid, false);
        }
        return;
      }
      try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        file.copy(at, e.size, out);
      }
      finish(e, rel, EntryMeta.of(path), uid, gid, false);
    });
  }

  /** Creates the entry itself; returns true for a hard link to a symlink (which gets no chmod or times). */
  private boolean create(TarReader in, TarEntry e, String rel, Path path, boolean merge) throws IOException {
    switch (e.type) {
      case TarEntry.DIR -> {
        if (!merge) {
          journal.created(path);
          Syscalls.mkdir(path, 0700);
          paths.addCreatedDir(rel);
        }
      }
      case TarEntry.REG -> {
        journal.created(path);
        if (e.sparse != null) {
          try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
            in.copySparse(out);
          }
        } else {
          try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            in.copyData(out);
          }
        }
        createdSize += e.size;
      }
      case TarEntry.SYMLINK -> {
        String where = e.linkName.startsWith("/") ? e.linkName : TargetPaths.parentOf(rel) + "/" + e.linkName;
        TargetPaths.clean(e, where, "symlink target");
        journal.created(path);
        Syscalls.symlink(e.linkName, path);
        createdSize += RawNames.encode(e.linkName).length;
      }
      case TarEntry.LINK -> {
        String to = TargetPaths.clean(e, e.linkName, "hardlink target");
        paths.checkParents(e, to);
        writers.settle(to);
        FileStat t = to.isEmpty() ? null : FileStat.lstatOrNull(paths.resolve(to));
        if (t == null || t.isDir()) {
          throw new UnsafeEntryException(e, "hardlink target " + Text.quote(e.linkName)
              + " is not an existing non-directory");
        }
        if (!unpacked.contains(to)) {
          journal.save(paths.resolve(to)); // the link shares its inode: finish() changes the old entry too
        }
        journal.created(path);
        Syscalls.link(paths.resolve(to), path);
        return t.isSymlink();
      }
      case TarEntry.CHAR, TarEntry.BLOCK, TarEntry.FIFO -> {
        int kind = e.type == TarEntry.CHAR ? Syscalls.S_IFCHR
            : e.type == TarEntry.BLOCK ? Syscalls.S_IFBLK : Syscalls.S_IFIFO;
        journal.created(path);
        Syscalls.mknod(path, kind | (e.mode & 07777), Syscalls.makedev(e.devMajor, e.devMinor));
      }
      default -> throw new UnsafeEntryException(e, "unsupported entry type '" + (char) e.type + "'");
    }
    return false;
  }

  private void finish(TarEntry e, String rel, EntryMeta meta, int uid, int gid, boolean linkToSymlink)
      throws IOException {
    meta.set(e, rel, opts, uid, gid, linkToSymlink);
    if (e.type == TarEntry.DIR) {
      dirTimes.add(new Object[] {rel, e});
    }
  }

  /** Overlay format: {@code .wh.NAME} becomes a char 0/0 device, {@code .wh..wh..opq} the opaque xattr. */
  private void overlayWhiteout(TarEntry e, String parent, String base, int uid, int gid) throws IOException {
    if (base.equals(WH_OPAQUE)) {
      if (paths.ensureDir(e, parent, true)) {
        paths.touch(parent);
        Syscalls.lsetxattr(paths.resolve(parent), OPAQUE_XATTR, new byte[] {'y'}, 0);
      }
      return;
    }
    String name = whitedOut(e, base);
    if (!paths.ensureDir(e, parent, true)) {
      return; // a whiteout under a whiteout: Go skips it (ENOTDIR)
    }
    String rel = parent.isEmpty() ? name : parent + "/" + name;
    writers.settle(rel);
    Path p = paths.resolve(rel);
    if (!paths.surelyAbsent(rel) && FileStat.lstatOrNull(p) != null) {
      throw new UnsafeEntryException(e, "it whites out " + Text.quote(rel) + ", which exists in the same layer");
    }
    paths.touch(parent);
    journal.created(p);
    Syscalls.mknod(p, Syscalls.S_IFCHR, 0);
    paths.placed(rel);
    Syscalls.lchown(p, uid, gid);
  }

  /** Layer mode (applying onto a mounted layer): whiteouts delete what they name. */
  private void layerWhiteout(TarEntry e, String parent, String base) throws IOException {
    if (base.startsWith(WH_META) && !base.equals(WH_OPAQUE)) {
      return; // AUFS metadata (.wh..wh.plnk and such): skipped, as UnpackLayer does
    }
    writers.drain();
    if (!paths.ensureDir(e, parent, true)) {
      return;
    }
    if (base.equals(WH_OPAQUE)) {
      purge(parent);
      return;
    }
    String name = whitedOut(e, base);
    String rel = parent.isEmpty() ? name : parent + "/" + name;
    if (FileStat.lstatOrNull(paths.resolve(rel)) != null) {
      paths.touch(parent);
      journal.moveAside(paths.resolve(rel));
      paths.forget(rel);
    }
  }

  /**
   * An opaque dir in layer mode: removes everything below {@code dir} that this layer did not unpack, at any
   * depth, as Go's UnpackLayer walks it (the marker may come after the dir's own entries).
   */
  private void purge(String dir) throws IOException {
    for (Tree.Entry c : Tree.sortedEntries(paths.resolve(dir))) {
      String rel = dir.isEmpty() ? c.name() : dir + "/" + c.name();
      if (dir.isEmpty() && c.name().equals(journal.trashName())) {
        continue;
      }
      if (!unpacked.contains(rel)) {
        paths.touch(dir);
        journal.moveAside(paths.resolve(rel));
        paths.forget(rel);
      } else if (c.type() == DirFd.DT_DIR || c.type() == DirFd.DT_UNKNOWN && FileStat.lstat(paths.resolve(rel))
          .isDir()) {
        purge(rel);
      }
    }
  }

  private static String whitedOut(TarEntry e, String base) throws UnsafeEntryException {
    String name = base.substring(WH_PREFIX.length());
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new UnsafeEntryException(e, "a whiteout must name an entry, not " + Text.quote(name));
    }
    return name;
  }

  private static void setXattr(Path p, String name, String value) throws IOException {
    Syscalls.lsetxattr(p, name, value.getBytes(StandardCharsets.UTF_8), 0);
  }
}
