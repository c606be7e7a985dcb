package dev.ovl.natives;

import static dev.ovl.natives.Syscalls.AT_FDCWD;
import static dev.ovl.natives.Syscalls.MS_NOATIME;
import static dev.ovl.natives.Syscalls.MS_NODEV;
import static dev.ovl.natives.Syscalls.MS_NODIRATIME;
import static dev.ovl.natives.Syscalls.MS_NOEXEC;
import static dev.ovl.natives.Syscalls.MS_NOSUID;
import static dev.ovl.natives.Syscalls.MS_RDONLY;
import static dev.ovl.natives.Syscalls.MS_STRICTATIME;
import static dev.ovl.natives.Syscalls.O_DIRECTORY;
import static dev.ovl.natives.Syscalls.O_PATH;
import static dev.ovl.natives.Syscalls.close;
import static dev.ovl.natives.Syscalls.fail;
import static dev.ovl.natives.Syscalls.open;
import static dev.ovl.natives.Syscalls.openat;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The new mount API (fsopen, fsconfig, fsmount, move_mount): one parameter per call, so no page-size limit. */
public final class FsMount {
  static final int FSCONFIG_SET_FLAG = 0;
  static final int FSCONFIG_SET_STRING = 1;
  static final int FSCONFIG_SET_FD = 5;
  static final int FSCONFIG_CMD_CREATE = 6;
  static final int FSOPEN_CLOEXEC = 1;
  static final int FSMOUNT_CLOEXEC = 1;
  static final int MOVE_MOUNT_F_EMPTY_PATH = 4;

  private FsMount() {}

  /**
   * Mounts a filesystem through the new mount API: fsopen, one fsconfig per parameter, fsmount, move_mount. Each
   * parameter is a separate call, so the total length is not bound by a page, and {@code lowerdir+} (Linux 6.8)
   * appends one lower at a time. A parameter with a null value is set as a flag.
   */
  public static void fsmount(String fstype, List<String[]> params, Path target) throws SyscallException {
    int fsfd;
    try {
      fsfd = LibC.fsopen(fstype, FSOPEN_CLOEXEC);
    } catch (LastErrorException e) {
      throw fail("fsopen", fstype, e);
    }
    try {
      for (String[] kv : params) {
        setParam(fsfd, kv[0], kv[1]);
      }
      createAndMove(fsfd, 0, target);
    } finally {
      close(fsfd);
    }
  }

  /**
   * Mounts overlayfs with each layer passed as an O_PATH file descriptor opened relative to {@code base}, through
   * fsconfig(FSCONFIG_SET_FD) (Linux 6.13). No path is ever joined to {@code base} in a string, so neither the page
   * size nor the working directory matters. {@code upper} and {@code work} may be null for a read-only mount.
   */
  public static void fsmountOverlayAt(Path base, List<String> lowers, String upper, String work,
      List<String[]> params, long msFlags, Path target) throws SyscallException {
    int basefd = open(base, O_PATH | O_DIRECTORY);
    List<Integer> fds = new ArrayList<>();
    int fsfd = -1;
    try {
      try {
        fsfd = LibC.fsopen("overlay", FSOPEN_CLOEXEC);
      } catch (LastErrorException e) {
        throw fail("fsopen", "overlay", e);
      }
      for (String[] kv : params) {
        setParam(fsfd, kv[0], kv[1]);
      }
      for (String l : lowers) {
        setFd(fsfd, "lowerdir+", l, basefd, fds);
      }
      if (upper != null) {
        setFd(fsfd, "upperdir", upper, basefd, fds);
        setFd(fsfd, "workdir", work, basefd, fds);
      }
      createAndMove(fsfd, mountAttrs(msFlags), target);
    } finally {
      for (int fd : fds) {
        close(fd);
      }
      if (fsfd >= 0) {
        close(fsfd);
      }
      close(basefd);
    }
  }

  /** The fsmount(2) MOUNT_ATTR_* bits for mount(2) MS_* flags. */
  static int mountAttrs(long ms) {
    int a = 0;
    a |= (ms & MS_RDONLY) != 0 ? 0x1 : 0;
    a |= (ms & MS_NOSUID) != 0 ? 0x2 : 0;
    a |= (ms & MS_NODEV) != 0 ? 0x4 : 0;
    a |= (ms & MS_NOEXEC) != 0 ? 0x8 : 0;
    a |= (ms & MS_NOATIME) != 0 ? 0x10 : 0;
    a |= (ms & MS_STRICTATIME) != 0 ? 0x20 : 0;
    a |= (ms & MS_NODIRATIME) != 0 ? 0x80 : 0;
    return a;
  }

  private static void setFd(int fsfd, String key, String rel, int basefd, List<Integer> fds)
      throws SyscallException {
    int fd = openat(basefd, rel, O_PATH | O_DIRECTORY);
    fds.add(fd);
    try {
      LibC.fsconfig(fsfd, FSCONFIG_SET_FD, key, null, fd);
    } catch (LastErrorException e) {
      throw fail("fsconfig", key + "=" + rel, e);
    }
  }

  private static void setParam(int fsfd, String key, String value) throws SyscallException {
    try {
      if (value == null) {
        LibC.fsconfig(fsfd, FSCONFIG_SET_FLAG, key, null, 0);
      } else {
        LibC.fsconfig(fsfd, FSCONFIG_SET_STRING, key, value, 0);
      }
    } catch (LastErrorException e) {
      throw fail("fsconfig", key + (value == null ? "" : "=" + value), e);
    }
  }

  private static void createAndMove(int fsfd, int attrs, Path target) throws SyscallException {
    try {
      LibC.fsconfig(fsfd, FSCONFIG_CMD_CREATE, null, null, 0);
    } catch (LastErrorException e) {
      throw fail("fsconfig(create)", target, e);
    }
    int mfd;
    try {
      mfd = LibC.fsmount(fsfd, FSMOUNT_CLOEXEC, attrs);
    } catch (LastErrorException e) {
      throw fail("fsmount", target, e);
    }
    try {
      LibC.move_mount(mfd, "", AT_FDCWD, target.toString(), MOVE_MOUNT_F_EMPTY_PATH);
    } catch (LastErrorException e) {
      throw fail("move_mount", target, e);
    } finally {
      close(mfd);
    }
  }
}
