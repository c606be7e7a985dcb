package dev.ovl.cli;

import dev.ovl.check.Checker;
import dev.ovl.check.Finding;
import dev.ovl.store.Store;
import dev.ovl.work.Cancel;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", description = {"Find every broken piece of the layer store and the repair each needs. "
    + "Reads under the store's shared locks; changes nothing.", "Exit code: 0 clean, 1 something found or failed."})
final class CheckCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for a busy store (default 30).")
  long timeoutSeconds = Store.DEFAULT_TIMEOUT.toSeconds();

  @Override
  public Integer call() throws Exception {
    List<Finding> findings;
    try (Store store = Store.open(ovl.storePaths(), false, Duration.ofSeconds(timeoutSeconds))) {
      findings = Checker.check(store, Cancel.NEVER);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (ovl.json) {
      Output.json(out, findings);
    } else {
      print(out, findings);
    }
    return findings.isEmpty() ? 0 : 1;
  }

  static void print(PrintWriter out, List<Finding> findings) {
    if (findings.isEmpty()) {
      out.println("no problems found");
    }
    for (Finding f : findings) {
      out.println(f.severity() + " " + f.code() + ": " + f.message()
          + (f.names().isEmpty() ? "" : " [" + String.join(", ", f.names()) + "]"));
      f.evidence().forEach(e -> out.println("    seen: " + e));
      out.println("    repair: " + (f.advice().isEmpty() ? "none" : f.advice()));
    }
    if (!findings.isEmpty()) {
      out.println(findings.size() + " problem(s); 'ovl repair' shows the plan");
    }
    out.flush();
  }
}
