package dev.ovl.check;

import dev.ovl.natives.MountInfo;
import dev.ovl.store.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the disk says about a driver home, read once and never changed: layer dirs, l/ entries, mounts. */
final class StoreScan {
  /** Names under the home that are not layers (containers/storage's ListLayers skips them). */
  static final Set<String> NOT_LAYERS = Set.of("l", "staging", "tempdirs", ".has-mount-program");

  /** The state of {@code l/} itself. */
  enum LinkDirState { DIR, MISSING, SYMLINK, OTHER }

  /** One {@code l/} entry: a symlink (with its target) or something else. */
  record LinkEntry(String name, boolean symlink, String target) {
    /** The layer id of a well-formed {@code ../<id>/diff} target, or null. */
    String targetLayer() {
      if (!symlink) {
        return null;
      }
      String[] parts = target.split("/", -1);
      boolean ok = parts.length == 3 && parts[0].equals("..") && parts[2].equals("diff") && !parts[1].isEmpty()
          && !parts[1].equals(".") && !parts[1].equals("..");
      return ok ? parts[1] : null;
    }
  }

  /** One layer directory: its files, null when missing. */
  record LayerDir(String id, Path dir, String link, String lower, boolean diff, boolean work,
      boolean merged, boolean empty, List<Path> incompat, int uid, int gid) {}

  final StorePaths paths;
  final LinkDirState linkDirState;
  final String linkDirContent;
  final Map<String, LinkEntry> links = new TreeMap<>();
  final Map<String, LayerDir> dirs = new TreeMap<>();
  final Set<Path> mountPoints = new HashSet<>();
  final Map<Path, String> mountLines = new HashMap<>();
  final boolean staging;
  final boolean tempdirs;

  private StoreScan(StorePaths paths, LinkDirState state, String linkDirContent, boolean staging, boolean tempdirs) {
    this.paths = paths;
    this.linkDirState = state;
    this.linkDirContent = linkDirContent;
    this.staging = staging;
    this.tempdirs = tempdirs;
  }

  static StoreScan read(StorePaths paths) throws IOException {
    Path home = paths.home();
    Path l = home.resolve("l");
    LinkDirState state;
    String content = "";
    if (Files.isSymbolicLink(l)) {
      state = LinkDirState.SYMLINK;
      content = Files.readSymbolicLink(l).toString();
    } else if (Files.isDirectory(l, LinkOption.NOFOLLOW_LINKS)) {
      state = LinkDirState.DIR;
    } else if (Files.exists(l, LinkOption.NOFOLLOW_LINKS)) {
      state = LinkDirState.OTHER;
      content = Files.isRegularFile(l, LinkOption.NOFOLLOW_LINKS) && Files.size(l) < 4096 ? Files.readString(l) : "";
    } else {
      state = LinkDirState.MISSING;
    }
    StoreScan s = new StoreScan(paths, state, content, Files.exists(home.resolve("staging"), LinkOption.NOFOLLOW_LINKS),
        Files.exists(home.resolve("tempdirs"), LinkOption.NOFOLLOW_LINKS));
    if (state == LinkDirState.DIR) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(l)) {
        for (Path p : ds) {
          boolean sym = Files.isSymbolicLink(p);
          String name = p.getFileName().toString();
          s.links.put(name, new LinkEntry(name, sym, sym ? Files.readSymbolicLink(p).toString() : ""));
        }
      }
    }
    if (Files.isDirectory(home)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(home)) {
        for (Path p : ds) {
          String id = p.getFileName().toString();
          if (!NOT_LAYERS.contains(id) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            s.dirs.put(id, layerDir(id, p));
          }
        }
      }
    }
    for (MountInfo m : MountInfo.read()) {
      if (m.mountPoint().startsWith(home)) {
        s.mountPoints.add(m.mountPoint());
        s.mountLines.put(m.mountPoint(), m.fsType() + " " + m.source() + " on " + m.mountPoint() + " ("
            + m.superOptions() + ")");
      }
    }
    return s;
  }

  private static LayerDir layerDir(String id, Path dir) throws IOException {
    List<Path> incompat = new ArrayList<>();
    for (String leftover : List.of("work/incompat", "work/work/incompat")) {
      if (Files.exists(dir.resolve(leftover), LinkOption.NOFOLLOW_LINKS)) {
        incompat.add(dir.resolve(leftover));
      }
    }
    int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    return new LayerDir(id, dir, readOrNull(dir.resolve("link")), readOrNull(dir.resolve("lower")),
        isDir(dir, "diff"), isDir(dir, "work"), isDir(dir, "merged"),
        isDir(dir, "empty"), incompat, uid, gid);
  }

  private static boolean isDir(Path dir, String name) {
    return Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
  }

  static String readOrNull(Path file) throws IOException {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "" : null;
      }
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (java.nio.charset.MalformedInputException e) {
      return "\uFFFD(not UTF-8)";
    }
  }

  boolean mounted(String id) {
    return mountPoints.contains(paths.home().resolve(id).resolve("merged"));
  }
}
