package dev.ovl.archive;

import dev.ovl.work.Text;
import java.io.IOException;

/** A tar entry that would reach outside the target, or that ovl refuses to apply (duplicate, bad whiteout). */
public final class UnsafeEntryException extends IOException {
  private static final long serialVersionUID = 1L;

  UnsafeEntryException(TarEntry e, String why) {
    super("refused tar entry " + Text.quote(e.name) + " at byte offset " + e.offset + ": " + why);
  }
}
