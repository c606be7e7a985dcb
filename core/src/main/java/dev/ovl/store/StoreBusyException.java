package dev.ovl.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A lock file stayed locked by another process for longer than ovl was willing to wait. */
public final class StoreBusyException extends IOException {
  private static final long serialVersionUID = 1L;

  StoreBusyException(Path lockFile, Duration waited) {
    super("store is busy: " + lockFile + " is still locked by another process after "
        + waited.toMillis() / 1000.0 + " s; try again when podman or containers-storage is done");
  }
}
