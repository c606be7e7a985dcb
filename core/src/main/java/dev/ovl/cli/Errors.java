package dev.ovl.cli;

import java.nio.file.FileSystemException;

/** One-line messages for failures: the cause a user can act on, never a stack trace. */
final class Errors {
  private Errors() {}

  static String oneLine(Throwable e) {
    String msg;
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      msg = fse.getReason() + (fse.getFile() != null && !fse.getReason().contains(fse.getFile())
          ? ": " + fse.getFile() : "");
    } else if (e instanceof FileSystemException fse && fse.getFile() != null) {
      msg = what(fse) + ": " + fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "");
    } else if (e.getMessage() != null && !e.getMessage().isBlank()) {
      msg = e.getMessage();
    } else {
      msg = e.getClass().getSimpleName();
    }
    return msg.replace('\n', ' ').strip();
  }

  /** The JDK leaves the reason out of these and says only the path. */
  private static String what(FileSystemException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (e instanceof java.nio.file.NotDirectoryException) {
      return "not a directory";
    }
    return "file system error";
  }
}
