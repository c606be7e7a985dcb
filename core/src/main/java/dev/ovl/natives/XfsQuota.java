package dev.ovl.natives;

import static dev.ovl.natives.Syscalls.O_DIRECTORY;
import static dev.ovl.natives.Syscalls.O_RDONLY;
import static dev.ovl.natives.Syscalls.close;
import static dev.ovl.natives.Syscalls.fail;
import static dev.ovl.natives.Syscalls.open;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;

/** XFS project quota: the FS_IOC_FS{GET,SET}XATTR ioctls and quotactl for project limits. */
public final class XfsQuota {
  private XfsQuota() {}

  /** FS_IOC_FSGETXATTR on the directory {@code dir}: its project id and xflags. */
  public static FsXattr fsGetXattr(Path dir) throws SyscallException {
    byte[] buf = new byte[FsXattr.SIZE];
    ioctlDir(dir, FsXattr.FS_IOC_FSGETXATTR, buf, "ioctl(FS_IOC_FSGETXATTR)");
    return FsXattr.decode(buf);
  }

  /** FS_IOC_FSSETXATTR on the directory {@code dir}. */
  public static void fsSetXattr(Path dir, FsXattr attr) throws SyscallException {
    ioctlDir(dir, FsXattr.FS_IOC_FSSETXATTR, attr.encode(), "ioctl(FS_IOC_FSSETXATTR)");
  }

  private static void ioctlDir(Path dir, long request, byte[] buf, String name) throws SyscallException {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    try {
      LibC.ioctl(fd, request, buf);
    } catch (LastErrorException e) {
      throw fail(name, dir, e);
    } finally {
      close(fd);
    }
  }

  /** quotactl(Q_XSETPQLIM) on the block device {@code special}: sets the limits of project {@code q.id()}. */
  public static void xfsSetProjectQuota(Path special, FsDiskQuota q) throws SyscallException {
    try {
      LibC.quotactl(FsDiskQuota.Q_XSETPQLIM, special.toString(), q.id(), q.encode());
    } catch (LastErrorException e) {
      throw fail("quotactl(Q_XSETPQLIM)", special, e);
    }
  }

  /** quotactl(Q_XGETPQUOTA) on the block device {@code special}: the limits and usage of project {@code id}. */
  public static FsDiskQuota xfsGetProjectQuota(Path special, int id) throws SyscallException {
    byte[] buf = new byte[FsDiskQuota.SIZE];
    try {
      LibC.quotactl(FsDiskQuota.Q_XGETPQUOTA, special.toString(), id, buf);
    } catch (LastErrorException e) {
      throw fail("quotactl(Q_XGETPQUOTA)", special, e);
    }
    return FsDiskQuota.decode(buf);
  }
}
