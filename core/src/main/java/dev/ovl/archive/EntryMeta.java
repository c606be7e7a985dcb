package dev.ovl.archive;

import dev.ovl.natives.NewFile;
import dev.ovl.natives.SyscallException;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Where an apply sets an entry's owner, mode, times and xattrs: its path (never followed) or its open file. */
interface EntryMeta {
  void chown(int uid, int gid) throws IOException;

  void chmod(int mode) throws IOException;

  void times(long atimeNanos, long mtimeNanos) throws IOException;

  void setXattr(String name, byte[] value) throws IOException;

  /**
   * Sets what {@code e} says, through {@code opts}' force mask and chown policy, except a directory's times
   * (those are set once nothing more is written inside it).
   */
  default void set(TarEntry e, String rel, ApplyOptions opts, int uid, int gid, boolean linkToSymlink)
      throws IOException {
    boolean symlink = e.type == TarEntry.SYMLINK;
    Integer mask = opts.forceMask();
    if (mask != null && !symlink) {
      setXattr(TarApply.OVERRIDE_XATTR,
          (uid + ":" + gid + ":0" + Integer.toOctalString(e.mode & 0777)).getBytes(StandardCharsets.UTF_8));
    }
    if (mask == null) {
      try {
        chown(uid, gid);
      } catch (SyscallException x) {
        if (!opts.ignoreChownErrors()) {
          throw x;
        }
        LoggerFactory.getLogger(TarApply.class).warn("Chown error ignored (ignore_chown_errors): {}", x.getMessage());
      }
    }
    if (!symlink && !linkToSymlink) {
      chmod(mask != null ? mask : e.mode & 07777);
    }
    if (e.type != TarEntry.DIR && !linkToSymlink) {
      long atime = e.atimeNanos == Long.MIN_VALUE || e.atimeNanos < e.mtimeNanos ? e.mtimeNanos : e.atimeNanos;
      times(atime, e.mtimeNanos);
    }
    for (Map.Entry<String, byte[]> x : e.xattrs.entrySet()) {
      if (x.getKey().equals("security.selinux")) {
        continue;
      }
      try {
        setXattr(x.getKey(), x.getValue());
      } catch (SyscallException.NotSupported n) {
        LoggerFactory.getLogger(TarApply.class).warn("ignored xattr {} on {}: the filesystem does not support it", x.getKey(), rel);
      }
    }
  }

  static EntryMeta of(Path path) {
    return new EntryMeta() {
      @Override
      public void chown(int uid, int gid) throws IOException {
        Syscalls.lchown(path, uid, gid);
      }

      @Override
      public void chmod(int mode) throws IOException {
        Syscalls.chmod(path, mode);
      }

      @Override
      public void times(long atimeNanos, long mtimeNanos) throws IOException {
        Syscalls.lutimes(path, atimeNanos, mtimeNanos);
      }

      @Override
      public void setXattr(String name, byte[] value) throws IOException {
        Syscalls.lsetxattr(path, name, value, 0);
      }
    };
  }

  static EntryMeta of(NewFile file) {
    return new EntryMeta() {
      @Override
      public void chown(int uid, int gid) throws IOException {
        file.chown(uid, gid);
      }

      @Override
      public void chmod(int mode) throws IOException {
        file.chmod(mode);
      }

      @Override
      public void times(long atimeNanos, long mtimeNanos) throws IOException {
        file.times(atimeNanos, mtimeNanos);
      }

      @Override
      public void setXattr(String name, byte[] value) throws IOException {
        file.setXattr(name, value);
      }
    };
  }
}
