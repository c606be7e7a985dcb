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
    } else if (e.getMessage() != null && !e.getMessage().isBlank()) {
      msg = e.getMessage();
    } else {
      msg = e.getClass().getSimpleName();
    }
    return msg.replace('\n', ' ').strip();
  }
}
