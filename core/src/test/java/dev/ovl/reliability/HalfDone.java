package dev.ovl.reliability;

import dev.ovl.check.Checker;
import dev.ovl.check.Code;
import dev.ovl.check.Finding;
import dev.ovl.interop.GoStorage;
import dev.ovl.store.Store;
import dev.ovl.store.StorePaths;
import dev.ovl.work.Cancel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** What {@code ovl check} reports as half-done about one layer after a kill. */
final class HalfDone {
  private HalfDone() {}

  static Set<Code> codes(GoStorage go, String id) throws Exception {
    Set<Code> out = EnumSet.noneOf(Code.class);
    try (Store st = Store.open(new StorePaths(go.root(), go.runRoot()), false, Duration.ofSeconds(10))) {
      for (Finding f : Checker.check(st, Cancel.NEVER)) {
        if (f.layer().equals(id) && f.code().name().startsWith("HALF_")) {
          out.add(f.code());
        }
      }
    }
    return out;
  }

  /** Runs {@code ovl repair --yes} in a child JVM; its exit code. */
  static int repair(GoStorage go) throws Exception {
    return CrashConsistencyTest.runOvl(go.root(), go.runRoot(), "none", "repair", "--yes");
  }
}
