package dev.ovl.natives;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
   * {@code e} as the typed exception for the errno the JDK reported (by its exception class or its text, as
   * stream writes only say "No space left on device"), naming the JDK's path or else {@code path}; an exception
   * that carries no errno is returned unchanged.
   */
  public static IOException ofJdk(String syscall, Path path, IOException e) {
    if (e instanceof SyscallException) {
      return e;
    }
    int errno = errnoOf(e);
    if (errno == 0) {
      return e;
    }
    String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : path.toString();
    SyscallException s = of(syscall, file, errno);
    s.initCause(e);
    return s;
  }

  private static int errnoOf(IOException e) {
    if (e instanceof NoSuchFileException) {
      return Errno.ENOENT;
    } else if (e instanceof FileAlreadyExistsException) {
      return Errno.EEXIST;
    } else if (e instanceof DirectoryNotEmptyException) {
      return Errno.ENOTEMPTY;
    } else if (e instanceof AccessDeniedException) {
      return Errno.EACCES;
    } else if (e instanceof NotDirectoryException) {
      return Errno.ENOTDIR;
    }
    String text = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    if (text == null) {
      return 0;
    }
    for (int errno = 1; errno < 134; errno++) {
      if (text.equals(LibC.strerror(errno))) {
        return errno;
      }
    }
    return text.contains(LibC.strerror(Errno.ENOSPC)) ? Errno.ENOSPC
        : text.contains(LibC.strerror(Errno.EDQUOT)) ? Errno.EDQUOT : 0;
  }

  /** Like the JDK's message, with control characters in the paths escaped so that it stays one line. */
  @Override
  public String getMessage() {
    String m = super.getMessage();
    StringBuilder b = new StringBuilder(m.length());
    m.chars().forEach(c -> b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : String.valueOf((char) c)));
    return b.toString();
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
