package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams a directory as a layer tar, as Go's TarWithOptions does: entries in byte order of their names, depth
 * first, the root left out; hard links after their first name; owners mapped back into the container; with the
 * overlay format, char 0/0 devices become {@code .wh.NAME} and opaque dirs get {@code .wh..wh..opq}.
 */
public final class TarExport {
  private final Path root;
  private final IdMappings mappings;
  private final WhiteoutFormat whiteouts;
  private final List<Path> lowers;
  private final Map<Long, String> seenInodes = new HashMap<>();
  private final Progress progress;
  private final Cancel cancel;
  private TarWriter out;
  private TarPipe pipe;
  private long entries;

  private TarExport(Path root, IdMappings m, WhiteoutFormat w, List<Path> lowers, Progress p, Cancel c) {
    this.root = root;
    this.mappings = m == null ? IdMappings.IDENTITY : m;
    this.whiteouts = w == null ? WhiteoutFormat.OVERLAY : w;
    this.lowers = lowers == null ? List.of() : List.copyOf(lowers);
    this.progress = p;
    this.cancel = c;
  }

  /**
   * Writes the tar of {@code dir} to {@code sink} (not closed). {@code lowers}, nearest first, decide whether an
   * opaque dir needs a {@code .wh..wh..opq} (Go's WhiteoutData). Returns the number of bytes written.
   */
  public static long export(Path dir, OutputStream sink, IdMappings mappings, WhiteoutFormat whiteouts,
      List<Path> lowers, Progress progress, Cancel cancel) throws IOException {
    TarExport x = new TarExport(dir, mappings, whiteouts, lowers, progress, cancel);
    x.out = new TarWriter(sink);
    try (TarPipe pipe = TarPipe.start(x.out, progress)) {
      x.pipe = pipe;
      x.walk("");
      pipe.finish();
    }
    x.out.close();
    return x.out.written();
  }

  /**
   * Go's ExportChanges: a tar of the changed paths of {@code dir}, sorted by path; a deletion becomes an empty
   * {@code .wh.NAME} file stamped now, everything else is archived as by {@link #export} without conversion.
   */
  public static long exportChanges(Path dir, List<Change> changes, OutputStream sink, IdMappings mappings,
      Progress progress, Cancel cancel) throws IOException {
    TarExport x = new TarExport(dir, mappings, WhiteoutFormat.AUFS, List.of(), progress, cancel);
    x.out = new TarWriter(sink);
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing(Change::path, Tree.BYTE_ORDER));
    long now = System.currentTimeMillis() * 1_000_000L;
    for (Change c : sorted) {
      cancel.check();
      String rel = c.path().substring(1);
      if (c.kind() == Change.Kind.DELETE) {
        TarEntry wo = new TarEntry();
        String parent = TargetPaths.parentOf(rel);
        wo.name = (parent.isEmpty() ? "" : parent + "/") + TarApply.WH_PREFIX + TargetPaths.baseOf(rel);
        wo.mtimeNanos = now;
        x.out.writeHeader(wo);
      } else {
        FileStat st = FileStat.lstatOrNull(dir.resolve(rel));
        if (st != null) {
          x.add(dir.resolve(rel), rel, st);
        }
      }
      progress.update(x.out.written(), ++x.entries);
    }
    x.out.close();
    return x.out.written();
  }

  private void walk(String dirRel) throws IOException {
    for (String name : Tree.sortedNames(dirRel.isEmpty() ? root : root.resolve(dirRel))) {
      cancel.check();
      String rel = dirRel.isEmpty() ? name : dirRel + "/" + name;
      Path p = root.resolve(rel);
      FileStat st = FileStat.lstatOrNull(p);
      if (st == null) {
        continue; // vanished meanwhile, as Go's walk tolerates
      }
      TarEntry e = header(p, rel, st);
      if (e != null) {
        TarEntry opaque = convertWhiteout(e, p, rel, st);
        pipe.put(e, e.hasData() ? p : null, opaque);
      }
      if (st.isDir()) {
        walk(rel);
      }
    }
  }

  private void add(Path p, String rel, FileStat st) throws IOException {
    TarEntry e = header(p, rel, st);
    if (e == null) {
      return;
    }
    TarEntry opaque = convertWhiteout(e, p, rel, st);
    out.writeHeader(e);
    if (e.hasData()) {
      out.writeFile(e, p);
    }
    if (opaque != null) {
      out.writeHeader(opaque);
    }
  }

  /** With the overlay format, turns a whiteout device into {@code .wh.NAME}; returns an opaque dir's marker. */
  private TarEntry convertWhiteout(TarEntry e, Path p, String rel, FileStat st) throws IOException {
    if (whiteouts != WhiteoutFormat.OVERLAY) {
      return null;
    }
    if (st.isWhiteout()) {
      e.name = (rel.contains("/") ? TargetPaths.parentOf(rel) + "/" : "") + TarApply.WH_PREFIX
          + TargetPaths.baseOf(rel);
      e.mode = 0;
      e.type = TarEntry.REG;
      e.size = 0;
      return null;
    }
    return st.isDir() ? opaqueMarker(p, rel, e) : null;
  }

  private TarEntry header(Path p, String rel, FileStat st) throws IOException {
    TarEntry e = new TarEntry();
    e.name = st.isDir() ? rel + "/" : rel;
    e.mode = st.mode() & 07777;
    e.mtimeNanos = Math.floorDiv(st.mtimeNanos(), 1_000_000_000L) * 1_000_000_000L;
    e.uname = Names.user(st.uid());
    e.gname = Names.group(st.gid());
    switch (st.type()) {
      case Syscalls.S_IFDIR -> e.type = TarEntry.DIR;
      case Syscalls.S_IFREG -> {
        e.type = TarEntry.REG;
        e.size = st.size();
      }
      case Syscalls.S_IFLNK -> {
        e.type = TarEntry.SYMLINK;
        e.linkName = Files.readSymbolicLink(p).toString();
      }
      case Syscalls.S_IFCHR, Syscalls.S_IFBLK -> {
        e.type = st.type() == Syscalls.S_IFCHR ? TarEntry.CHAR : TarEntry.BLOCK;
        e.devMajor = Syscalls.major(st.rdev());
        e.devMinor = Syscalls.minor(st.rdev());
      }
      case Syscalls.S_IFIFO -> e.type = TarEntry.FIFO;
      default -> {
        return null; // sockets are skipped, as Go does
      }
    }
    e.mode |= st.type(); // Go keeps the file type bits in the mode field
    for (String name : Syscalls.llistxattr(p)) {
      if (name.equals("security.capability") || name.equals("security.ima") || name.startsWith("user.")) {
        Optional<byte[]> v = Syscalls.lgetxattr(p, name);
        v.ifPresent(b -> e.xattrs.put(name, b));
      }
    }
    if (!st.isDir() && st.nlink() > 1) {
      String first = seenInodes.putIfAbsent(st.ino(), rel);
      if (first != null) {
        e.type = TarEntry.LINK;
        e.linkName = first;
        e.size = 0;
      }
    }
    if (!TargetPaths.baseOf(rel).startsWith(TarApply.WH_PREFIX) && !mappings.isIdentity()) {
      try {
        e.uid = mappings.uidToContainer(st.uid());
        e.gid = mappings.gidToContainer(st.gid());
      } catch (IllegalArgumentException x) {
        throw new IOException("cannot export \"" + rel + "\": " + x.getMessage(), x);
      }
    } else {
      e.uid = st.uid();
      e.gid = st.gid();
    }
    return e;
  }

  /** The {@code .wh..wh..opq} entry an opaque dir needs, or null (see Go's overlay ConvertWrite). */
  private TarEntry opaqueMarker(Path p, String rel, TarEntry dir) throws IOException {
    Optional<byte[]> v = Syscalls.lgetxattr(p, TarApply.OPAQUE_XATTR);
    if (v.isEmpty() || v.get().length != 1 || v.get()[0] != 'y' || lowers.isEmpty()) {
      return null;
    }
    for (Path lower : lowers) {
      FileStat st = FileStat.statOrNull(lower.resolve(rel));
      if (st != null) {
        if (st.isWhiteout()) {
          return null;
        }
        TarEntry wo = new TarEntry();
        wo.type = TarEntry.REG;
        wo.mode = dir.mode & 0777;
        wo.name = rel + "/" + TarApply.WH_OPAQUE;
        wo.uid = dir.uid;
        wo.gid = dir.gid;
        wo.uname = dir.uname;
        wo.gname = dir.gname;
        return wo;
      }
      for (String d = TargetPaths.parentOf(rel); !d.isEmpty(); d = TargetPaths.parentOf(d)) {
        FileStat ds = FileStat.statOrNull(lower.resolve(d));
        if (ds != null && ds.isWhiteout()) {
          return null;
        }
      }
    }
    return null;
  }
}
