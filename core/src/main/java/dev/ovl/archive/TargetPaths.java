package dev.ovl.archive;

import dev.ovl.natives.RawNames;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Resolves tar names inside the target without ever following a symlink: names are cleaned lexically ({@code ..}
 * may not climb out; a leading {@code /} means the target root, as in Go), and every parent on the way must be a
 * real directory, created here (0755, owned by the mapped root) when missing.
 */
final class TargetPaths {
  private final Path target;
  private final Journal journal;
  private final int rootUid;
  private final int rootGid;
  /** Dirs known to be real directories (checked or created during this apply). */
  private final Set<String> knownDirs = new HashSet<>();
  /** Dirs this apply created: their contents did not exist before. */
  private final Set<String> createdDirs = new HashSet<>();
  /** Whiteout devices this apply made: a later entry of that name replaces one. */
  private final Set<String> placed = new HashSet<>();
  /** Pre-existing dirs whose metadata the journal already holds. */
  private final Set<String> saved = new HashSet<>();

  /** Waits until a path is no longer being written by a worker. */
  interface Settle {
    void settle(String rel) throws IOException;
  }

  private final Settle settle;

  TargetPaths(Path target, Journal journal, int rootUid, int rootGid, Settle settle) {
    this.settle = settle;
    this.target = target;
    this.journal = journal;
    this.rootUid = rootUid;
    this.rootGid = rootGid;
    knownDirs.add("");
  }

  /** The path of {@code rel} (cleaned) in the target; a name that is not UTF-8 keeps its bytes. */
  Path resolve(String rel) {
    return RawNames.resolve(target, rel);
  }

  /**
   * The cleaned relative form of a tar name ("" for the root); refuses a name that climbs out with "..", except
   * that an absolute entry name stops at the root, as Go's filepath.Clean makes it.
   */
  static String clean(TarEntry e, String name, String what) throws UnsafeEntryException {
    if (name.indexOf('\0') >= 0) {
      throw new UnsafeEntryException(e, what + " holds a NUL byte");
    }
    String plain = name;
    while (plain.startsWith("./")) {
      plain = plain.substring(2);
    }
    if (plain.length() > 1 && plain.endsWith("/")) {
      plain = plain.substring(0, plain.length() - 1);
    }
    if (isClean(plain)) {
      return plain; // what the loop below would return, without splitting and joining every name
    }
    boolean clamp = what.equals("name") && name.startsWith("/");
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (String p : name.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty() && clamp) {
          continue;
        }
        if (parts.isEmpty()) {
          throw new UnsafeEntryException(e, what + " " + Text.quote(name) + " climbs out of the target with ..");
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }

  /** Relative, with no empty, "." or ".." segment. */
  private static boolean isClean(String s) {
    int n = s.length();
    if (n == 0 || s.charAt(0) == '/' || s.charAt(n - 1) == '/') {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || s.charAt(i) == '/') {
        int len = i - start;
        if (len == 0 || s.charAt(start) == '.' && (len == 1 || len == 2 && s.charAt(start + 1) == '.')) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  static String parentOf(String rel) {
    int i = rel.lastIndexOf('/');
    return i < 0 ? "" : rel.substring(0, i);
  }

  static String baseOf(String rel) {
    return rel.substring(rel.lastIndexOf('/') + 1);
  }

  /** Records a pre-existing dir's metadata before its contents or metadata change. */
  void touch(String dirRel) throws IOException {
    if (!createdDirs.contains(dirRel) && saved.add(dirRel)) {
      journal.save(resolve(dirRel));
    }
  }

  /** True if {@code rel} cannot exist yet because its parent was created by this apply and it was not. */
  boolean surelyAbsent(String rel) {
    return !createdDirs.contains(rel) && !placed.contains(rel) && createdDirs.contains(parentOf(rel));
  }

  /** Records a node this apply made under a name no entry has used yet (a whiteout's device). */
  void placed(String rel) {
    placed.add(rel);
  }

  boolean created(String rel) {
    return createdDirs.contains(rel);
  }

  void addCreatedDir(String rel) {
    createdDirs.add(rel);
    knownDirs.add(rel);
  }

  void addKnownDir(String rel) {
    knownDirs.add(rel);
  }

  /** Forgets what was known below {@code rel}, which is being replaced. */
  void forget(String rel) {
    String prefix = rel + "/";
    knownDirs.removeIf(d -> d.equals(rel) || d.startsWith(prefix));
    createdDirs.removeIf(d -> d.equals(rel) || d.startsWith(prefix));
  }

  /**
   * Makes every component of {@code dirRel} a real directory. Returns false (for whiteouts, as Go's ENOTDIR case)
   * when {@code lenient} and a component is a non-directory; otherwise that, or any symlink, is refused.
   */
  boolean ensureDir(TarEntry e, String dirRel, boolean lenient) throws IOException {
    if (knownDirs.contains(dirRel)) {
      return true;
    }
    int from = 0;
    while (from <= dirRel.length()) {
      int slash = dirRel.indexOf('/', from);
      String prefix = slash < 0 ? dirRel : dirRel.substring(0, slash);
      from = slash < 0 ? dirRel.length() + 1 : slash + 1;
      if (knownDirs.contains(prefix)) {
        continue;
      }
      settle.settle(prefix);
      Path p = resolve(prefix);
      FileStat st = surelyAbsent(prefix) ? null : FileStat.lstatOrNull(p);
      if (st == null) {
        touch(parentOf(prefix));
        journal.created(p);
        Syscalls.mkdir(p, 0700);
        Syscalls.lchown(p, rootUid, rootGid);
        Syscalls.chmod(p, 0755);
        addCreatedDir(prefix);
      } else if (st.isDir()) {
        knownDirs.add(prefix);
      } else if (st.isSymlink()) {
        throw new UnsafeEntryException(e, "its path goes through the symlink " + Text.quote(prefix));
      } else if (lenient) {
        return false;
      } else {
        throw new UnsafeEntryException(e, "its path goes through the non-directory " + Text.quote(prefix));
      }
    }
    return true;
  }

  /** Checks, without creating anything, that every parent of {@code rel} is a real directory. */
  void checkParents(TarEntry e, String rel) throws IOException {
    String dir = parentOf(rel);
    if (knownDirs.contains(dir)) {
      return;
    }
    StringBuilder prefix = new StringBuilder();
    for (String part : dir.split("/")) {
      if (prefix.length() > 0) {
        prefix.append('/');
      }
      prefix.append(part);
      String pr = prefix.toString();
      if (knownDirs.contains(pr)) {
        continue;
      }
      settle.settle(pr);
      FileStat st = FileStat.lstatOrNull(resolve(pr));
      if (st == null || !st.isDir()) {
        throw new UnsafeEntryException(e, "its link target " + Text.quote(e.linkName)
            + " does not lie under real directories");
      }
      knownDirs.add(pr);
    }
  }
}
