package dev.ovl.natives;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A failed system call: carries the errno, the syscall's name and the path it was given. Subclasses name the
 * errnos callers commonly branch on, so that {@code catch (SyscallException.Busy e)} reads like the kernel's
 * answer.
 */
public class SyscallException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String syscall;

  SyscallException(String syscall, String path, int errno) {
    super(path, null, reason(syscall, errno));
    this.errno = errno;
    this.syscall = syscall;
  }

  private static String reason(String syscall, int errno) {
    return syscall + ": " + LibC.strerror(errno) + " (" + Errno.name(errno) + ")";
  }

  /** The typed exception for {@code errno} raised by {@code syscall} on {@code path}. */
  public static SyscallException of(String syscall, String path, int errno) {
    return switch (errno) {
      case Errno.ENOENT -> new NotFound(syscall, path, errno);
      case Errno.EEXIST, Errno.ENOTEMPTY -> new Exists(syscall, path, errno);
      case Errno.EPERM, Errno.EACCES, Errno.EROFS -> new Denied(syscall, path, errno);
      case Errno.EBUSY -> new Busy(syscall, path, errno);
      case Errno.ENOSPC, Errno.EDQUOT -> new NoSpace(syscall, path, errno);
      case Errno.ENOSYS, Errno.EOPNOTSUPP, Errno.ENODEV -> new NotSupported(syscall, path, errno);
      case Errno.ENODATA -> new NoData(syscall, path, errno);
      default -> new SyscallException(syscall, path, errno);
    };
  }

  /**
   * {@code e} as the typed ENOSPC/EDQUOT exception naming {@code path} when the JDK reported a full disk by its
   * text only (as stream writes do); any other exception unchanged.
   */
  public static IOException ofJdk(String syscall, Path path, IOException e) {
    if (e instanceof SyscallException || e.getMessage() == null) {
      return e;
    }
    int errno = e.getMessage().contains(LibC.strerror(Errno.ENOSPC)) ? Errno.ENOSPC
        : e.getMessage().contains(LibC.strerror(Errno.EDQUOT)) ? Errno.EDQUOT : 0;
    if (errno == 0) {
      return e;
    }
    SyscallException s = of(syscall, path.toString(), errno);
    s.initCause(e);
    return s;
  }

  /** The errno's text as Go's syscall.Errno prints it (strerror with a lower-case first letter). */
  public String errnoText() {
    String t = LibC.strerror(errno);
    return t.isEmpty() ? "errno " + errno : Character.toLowerCase(t.charAt(0)) + t.substring(1);
  }

  public int errno() {
    return errno;
  }

  public String syscall() {
    return syscall;
  }

  /** ENOENT. */
  public static final class NotFound extends SyscallException {
    private static final long serialVersionUID = 1L;

    NotFound(String s, String p, int e) {
      super(s, p, e);
    }
  }

  /** EEXIST or ENOTEMPTY. */
  public static final class Exists extends SyscallException {
    private static final long serialVersionUID = 1L;

    Exists(String s, String p, int e) {
      super(s, p, e);
    }
  }

  /** EPERM, EACCES or EROFS. */
  public static final class Denied extends SyscallException {
    private static final long serialVersionUID = 1L;

    Denied(String s, String p, int e) {
      super(s, p, e);
    }
  }

  /** EBUSY. */
  public static final class Busy extends SyscallException {
    private static final long serialVersionUID = 1L;

    Busy(String s, String p, int e) {
      super(s, p, e);
    }
  }

  /** ENOSPC or EDQUOT. */
  public static final class NoSpace extends SyscallException {
    private static final long serialVersionUID = 1L;

    NoSpace(String s, String p, int e) {
      super(s, p, e);
    }
  }

  /** ENOSYS, EOPNOTSUPP or ENODEV: the kernel or filesystem lacks the feature. */
  public static final class NotSupported extends SyscallException {
    private static final long serialVersionUID = 1L;

    NotSupported(String s, String p, int e) {
      super(s, p, e);
    }
  }

  /** ENODATA: no such extended attribute. */
  public static final class NoData extends SyscallException {
    private static final long serialVersionUID = 1L;

    NoData(String s, String p, int e) {
      super(s, p, e);
    }
  }
}
