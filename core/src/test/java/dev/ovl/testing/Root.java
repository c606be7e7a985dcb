package dev.ovl.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ovl.natives.Syscalls;
import org.junit.jupiter.api.Assumptions;

/** Gate for tests that mount real overlayfs: skipped with a message off-root, never skipped on CI. */
public final class Root {
  private Root() {}

  /** Skips the calling test unless running as root; on CI (CI=true) a missing root is a failure instead. */
  public static void require() {
    if (Syscalls.isRoot()) {
      return;
    }
    String why = "this test mounts real overlayfs and needs root (euid is " + Syscalls.geteuid() + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + "; CI must run as root, so this is not skipped there");
    }
    Assumptions.abort(why + "; skipped on this non-root machine");
  }
}
