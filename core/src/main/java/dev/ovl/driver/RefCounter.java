package dev.ovl.driver;

import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Mount reference counts per merged dir. The first use of a path, and every use after someone else unmounted it,
 * is corrected against the kernel: a path counts as mounted when statfs shows the expected filesystem and it sits
 * on another device than its parent.
 */
final class RefCounter {
  private static final class Count {
    int n;
    boolean checked;
  }

  private final long fsMagic;
  private final Map<Path, Count> counts = new HashMap<>();

  RefCounter(long fsMagic) {
    this.fsMagic = fsMagic;
  }

  synchronized int increment(Path path) {
    Count c = correct(path);
    return ++c.n;
  }

  synchronized int decrement(Path path) {
    Count c = correct(path);
    return --c.n;
  }

  /** Forgets every user of {@code path}: it is about to be unmounted whatever the count says. */
  synchronized void reset(Path path) {
    Count c = counts.computeIfAbsent(path, p -> new Count());
    c.checked = true;
    c.n = 0;
  }

  /** The current count of {@code path}, corrected against the kernel. */
  synchronized int get(Path path) {
    return Math.max(0, correct(path).n);
  }

  private Count correct(Path path) {
    Count c = counts.computeIfAbsent(path, p -> new Count());
    if (!c.checked) {
      c.checked = true;
      if (isMounted(path)) {
        c.n++;
      }
    } else if (!isMounted(path)) {
      c.n = 0;
    }
    return c;
  }

  boolean isMounted(Path path) {
    try {
      if ((Syscalls.statfs(path).type() & 0xFFFF_FFFFL) != fsMagic) {
        return false;
      }
      Object dev = Files.getAttribute(path, "unix:dev");
      Object parentDev = Files.getAttribute(path.getParent(), "unix:dev");
      return !dev.equals(parentDev);
    } catch (IOException e) {
      return false;
    }
  }
}
