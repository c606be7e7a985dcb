package dev.ovl.archive;

import java.io.IOException;

/** A tar stream that cannot be read: truncated, corrupt or too large; the message names the byte offset. */
public final class TarFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  TarFormatException(long offset, String what) {
    super("bad tar at byte offset " + offset + ": " + what);
    this.offset = offset;
  }

  /** The byte offset in the stream where the problem was found. */
  public long offset() {
    return offset;
  }
}
