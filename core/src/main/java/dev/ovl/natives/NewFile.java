package dev.ovl.natives;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A regular file created with {@code O_EXCL} and then written and set up through its descriptor: after the open,
 * no call walks its path again, which is what makes a layer's many small files cheap to write.
 */
public final class NewFile implements AutoCloseable {
  private final Path path;
  private int fd;

  private NewFile(Path path, int fd) {
    this.path = path;
    this.fd = fd;
  }

  /** Creates {@code path}, which must not exist (not even as a dangling symlink), with {@code mode}. */
  public static NewFile create(Path path, int mode) throws SyscallException {
    try {
      return new NewFile(path, LibC.open(RawNames.cPath(path),
          Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_EXCL | Syscalls.O_NOFOLLOW | Syscalls.O_CLOEXEC,
          mode & 07777));
    } catch (LastErrorException e) {
      throw Syscalls.fail("open", path, e);
    }
  }

  /** Writes all of {@code data} (a direct buffer) from its position to its limit. */
  public void write(ByteBuffer data) throws SyscallException {
    com.sun.jna.Pointer base = Native.getDirectBufferPointer(data);
    try {
      while (data.hasRemaining()) {
        long n = LibC.write(fd, base.share(data.position()), data.remaining());
        data.position(data.position() + (int) n);
      }
    } catch (LastErrorException e) {
      throw Syscalls.fail("write", path, e);
    }
  }

  public void chown(int uid, int gid) throws SyscallException {
    try {
      LibC.fchown(fd, uid, gid);
    } catch (LastErrorException e) {
      throw Syscalls.fail("fchown", path, e);
    }
  }

  /** fchmod(2): keeps setuid, setgid and sticky bits, so call it after {@link #chown}, which clears them. */
  public void chmod(int mode) throws SyscallException {
    try {
      LibC.fchmod(fd, mode & 07777);
    } catch (LastErrorException e) {
      throw Syscalls.fail("fchmod", path, e);
    }
  }

  /** Sets atime and mtime, in nanoseconds since the epoch. */
  public void times(long atimeNanos, long mtimeNanos) throws SyscallException {
    try {
      LibC.futimens(fd, Syscalls.timespecs(atimeNanos, mtimeNanos));
    } catch (LastErrorException e) {
      throw Syscalls.fail("futimens", path, e);
    }
  }

  public void setXattr(String name, byte[] value) throws SyscallException {
    try {
      LibC.fsetxattr(fd, name, value, value.length, 0);
    } catch (LastErrorException e) {
      throw Syscalls.fail("fsetxattr", path + " " + name, e);
    }
  }

  @Override
  public void close() throws SyscallException {
    if (fd < 0) {
      return;
    }
    int f = fd;
    fd = -1;
    try {
      LibC.close(f);
    } catch (LastErrorException e) {
      throw Syscalls.fail("close", path, e);
    }
  }
}
