package dev.ovl.driver;

import dev.ovl.natives.Mounts;
import dev.ovl.natives.Syscalls;
import dev.ovl.natives.SyscallException;
import dev.ovl.work.Trees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Directory and file primitives with idtools semantics: create with a mode (umask applies), then chown. */
public final class Dirs {
  private Dirs() {}

  /** idtools.MkdirAs: mkdir with {@code mode} (umask applies) and chown; fails if it exists. */
  static void mkdirAs(Path dir, int mode, int uid, int gid) throws IOException {
    Syscalls.mkdir(dir, mode & 0777);
    Syscalls.lchown(dir, uid, gid);
  }

  /** idtools.MkdirAllAs: creates missing parents too; existing directories are left as they are. */
  static void mkdirAllAs(Path dir, int mode, int uid, int gid) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      mkdirAllAs(parent, mode, uid, gid);
    }
    try {
      mkdirAs(dir, mode, uid, gid);
    } catch (SyscallException.Exists e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /** Replaces {@code file} with {@code data} atomically: temp file, fsync, rename, fsync of the directory. */
  public static void writeAtomic(Path file, byte[] data, int mode) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(Thread.currentThread().getId()) + "-" + Long.toHexString(System.nanoTime()));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    try {
      Syscalls.chmod(tmp, mode);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Syscalls.fsync(file.getParent());
  }

  /** The contents of a small text file, or null if it does not exist. */
  static String readOrNull(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** system.EnsureRemoveAll: unmounts anything mounted at or below {@code dir}, then deletes it. */
  public static void ensureRemoveAll(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Mounts.unmountAllUnder(dir);
    Trees.delete(dir);
  }

  /** The permission bits (no type, setuid, setgid or sticky) of {@code p}, following links, as Go's FileMode cast. */
  static int permBits(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode")) & 0777;
  }

  static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid");
  }

  static int gid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:gid");
  }
}
