package dev.ovl.archive;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.RawNames;
import dev.ovl.natives.StatX;
import dev.ovl.natives.Syscalls;
import dev.ovl.natives.TreeReader;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
  private final TreeReader reader = TreeReader.create();
  private TarPipe pipe;
  private long entries;
  /** The xattr names of the entry {@link #header} read last. */
  private List<String> listed = List.of();

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
    TarSink out = TarSink.of(sink);
    TarWriter writer = new TarWriter(out);
    try (TarPipe pipe = TarPipe.start(writer, progress)) {
      x.pipe = pipe;
      byte[] root = RawNames.cPath(dir);
      x.walk("", root, TreeReader.openDir(Syscalls.AT_FDCWD, root, root));
      pipe.finish();
    }
    cancel.check(); // a cancel that came after the walk's last check still wins: the caller drops the output
    writer.close();
    out.flush();
    return writer.written();
  }

  /**
   * Go's ExportChanges: a tar of the changed paths of {@code dir}, sorted by path; a deletion becomes an empty
   * {@code .wh.NAME} file stamped now, everything else is archived as by {@link #export} without conversion.
   */
  public static long exportChanges(Path dir, List<Change> changes, OutputStream sink, IdMappings mappings,
      Progress progress, Cancel cancel) throws IOException {
    TarExport x = new TarExport(dir, mappings, WhiteoutFormat.AUFS, List.of(), progress, cancel);
    TarSink out = TarSink.of(sink);
    x.out = new TarWriter(out);
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing(Change::path, RawNames::compare));
    long now = System.currentTimeMillis() * 1_000_000L;
    for (Change c : sorted) {
      cancel.check();
      String rel = c.path().substring(1);
      if (c.kind() == Change.Kind.DELETE) {
        TarEntry wo = new TarEntry();
        wo.name = whiteoutName(rel);
        wo.mtimeNanos = now;
        x.out.writeHeader(wo);
      } else {
        Path p = RawNames.resolve(dir, rel);
        FileStat st = FileStat.lstatOrNull(p);
        if (st != null) {
          byte[] path = RawNames.cPath(p);
          x.add(path, -1, -1, rel, st);
        }
      }
      progress.update(x.out.written(), ++x.entries);
    }
    x.out.close();
    out.flush();
    return x.out.written();
  }

  /** Writes the entries below {@code dirPath}, an open directory {@code fd} that this closes. */
  private void walk(String dirRel, byte[] dirPath, int fd) throws IOException {
    record Child(String name, byte[] raw, byte[] cname, FileStat st) {}
    try {
      List<byte[]> raw = reader.list(fd, dirPath);
      raw.sort(Arrays::compareUnsigned); // Go's order: the names' bytes
      List<Child> children = new ArrayList<>(raw.size());
      for (byte[] r : raw) {
        byte[] cname = TreeReader.cpath(r);
        StatX sx = reader.statAt(fd, cname);
        if (sx != null) { // else vanished meanwhile, as Go's walk tolerates
          children.add(new Child(RawNames.decode(r), r, cname, FileStat.of(sx)));
        }
      }
      for (Child c : children) {
        cancel.check();
        String rel = dirRel.isEmpty() ? c.name : dirRel + "/" + c.name;
        byte[] path = TreeReader.child(dirPath, c.raw);
        if (c.st.isDir()) {
          int dir = TreeReader.openDir(fd, c.cname, path);
          try {
            add(path, dir, -1, rel, c.st);
          } catch (IOException | RuntimeException e) {
            TreeReader.close(dir);
            throw e;
          }
          walk(rel, path, dir);
        } else if (c.st.type() == Syscalls.S_IFREG) {
          add(path, -1, TreeReader.openFile(fd, c.cname, path), rel, c.st);
        } else {
          add(path, -1, -1, rel, c.st);
        }
      }
    } finally {
      TreeReader.close(fd);
    }
  }

  /**
   * Writes the entry of {@code path} (NUL-terminated). Its xattrs are read through descriptor {@code dir} or
   * {@code file} when one is not -1; {@code file} is also read for the data, and always closed.
   */
  private void add(byte[] path, int dir, int file, String rel, FileStat st) throws IOException {
    TarEntry e;
    TarEntry opaque;
    try {
      int fd = dir >= 0 ? dir : file;
      e = header(path, fd, rel, st);
      opaque = e == null ? null : convertWhiteout(e, path, fd, rel, st);
    } catch (IOException | RuntimeException x) {
      if (file >= 0) {
        TreeReader.close(file);
      }
      throw x;
    }
    if (e == null) { // a socket
      return;
    }
    if (pipe != null) {
      pipe.put(e, e.hasData() ? path : null, file, opaque); // the pipe closes the file
      return;
    }
    try {
      out.writeHeader(e);
      if (e.hasData()) {
        out.writeFile(e, path, file);
      }
    } finally {
      if (file >= 0) {
        TreeReader.close(file);
      }
    }
    if (opaque != null) {
      out.writeHeader(opaque);
    }
  }

  /** With the overlay format, turns a whiteout device into {@code .wh.NAME}; returns an opaque dir's marker. */
  private TarEntry convertWhiteout(TarEntry e, byte[] path, int fd, String rel, FileStat st) throws IOException {
    if (whiteouts != WhiteoutFormat.OVERLAY) {
      return null;
    }
    if (st.isWhiteout()) {
      e.name = whiteoutName(rel);
      e.mode = 0;
      e.type = TarEntry.REG;
      e.size = 0;
      return null;
    }
    return st.isDir() ? opaqueMarker(path, fd, rel, e) : null;
  }

  /** The AUFS whiteout entry name for {@code rel}: {@code .wh.NAME} in the same directory. */
  private static String whiteoutName(String rel) {
    String parent = TargetPaths.parentOf(rel);
    return (parent.isEmpty() ? "" : parent + "/") + TarApply.WH_PREFIX + TargetPaths.baseOf(rel);
  }

  private TarEntry header(byte[] path, int fd, String rel, FileStat st) throws IOException {
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
        e.linkName = reader.readlink(path);
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
    listed = reader.xattrNames(path, fd);
    for (String name : listed) {
      if (name.equals("security.capability") || name.equals("security.ima") || name.startsWith("user.")) {
        byte[] v = reader.xattr(path, fd, name);
        if (v != null) {
          e.xattrs.put(name, v);
        }
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
  private TarEntry opaqueMarker(byte[] path, int fd, String rel, TarEntry dir) throws IOException {
    if (lowers.isEmpty() || !listed.contains(TarApply.OPAQUE_XATTR)) {
      return null;
    }
    byte[] v = reader.xattr(path, fd, TarApply.OPAQUE_XATTR);
    if (v == null || v.length != 1 || v[0] != 'y') {
      return null;
    }
    for (Path lower : lowers) {
      FileStat st = FileStat.statOrNull(RawNames.resolve(lower, rel));
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
        FileStat ds = FileStat.statOrNull(RawNames.resolve(lower, d));
        if (ds != null && ds.isWhiteout()) {
          return null;
        }
      }
    }
    return null;
  }
}
