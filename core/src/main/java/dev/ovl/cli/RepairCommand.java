package dev.ovl.cli;

import dev.ovl.check.Checker;
import dev.ovl.check.Finding;
import dev.ovl.check.Journal;
import dev.ovl.check.RepairResult;
import dev.ovl.check.RepairStep;
import dev.ovl.check.Repairer;
import dev.ovl.store.Store;
import dev.ovl.work.Cancel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "repair", description = {"Repair the layer store in place. Without --yes, print the plan and "
    + "change nothing.", "Deleting a layer or editing the store's JSON also needs --force.",
    "Exit code: 0 when a check afterwards is clean, 1 otherwise."})
final class RepairCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;
  @Spec CommandSpec spec;

  @Option(names = "--yes", description = "Apply the plan.")
  boolean yes;

  @Option(names = "--force", description = "Also apply steps that delete layers or rewrite JSON (a backup is kept).")
  boolean force;

  @Option(names = "--journal", paramLabel = "FILE", description = "Append applied steps here "
      + "(default ROOT/ovl-repair.journal).")
  Path journal;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for a busy store (default 30).")
  long timeoutSeconds = Store.DEFAULT_TIMEOUT.toSeconds();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = Store.open(ovl.storePaths(), yes, Duration.ofSeconds(timeoutSeconds))) {
      List<Finding> findings = Checker.check(store, Cancel.NEVER);
      List<RepairStep> plan = Repairer.plan(findings);
      if (!yes) {
        printPlan(out, findings, plan);
        return findings.isEmpty() ? 0 : 1;
      }
      Path file = journal != null ? journal : Journal.defaultPath(store.paths().root());
      RepairResult result;
      try (Journal j = Journal.open(file)) {
        result = Repairer.apply(plan, store, force, j, Cancel.NEVER);
      }
      List<Finding> after = Checker.check(store, Cancel.NEVER);
      if (ovl.json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("result", result);
        doc.put("remaining", after);
        Output.json(out, doc);
      } else {
        result.applied().forEach(s -> out.println("done: " + s.description()));
        result.skipped().forEach(s -> out.println("needs --force: " + s.description()));
        out.println("journal: " + result.journal());
        out.println(after.isEmpty() ? "check: no problems left"
            : "check: " + after.size() + " problem(s) left; run 'ovl check' for details");
        out.flush();
      }
      return after.isEmpty() ? 0 : 1;
    }
  }

  private void printPlan(PrintWriter out, List<Finding> findings, List<RepairStep> plan) throws Exception {
    if (ovl.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("findings", findings);
      doc.put("plan", plan);
      Output.json(out, doc);
      return;
    }
    if (plan.isEmpty()) {
      out.println(findings.isEmpty() ? "no problems found: nothing to repair"
          : findings.size() + " problem(s), none repairable in place; see 'ovl check'");
    }
    int n = 1;
    for (RepairStep s : plan) {
      out.println(n++ + ". " + s.description() + (s.needsForce() ? "   (needs --force)" : ""));
      if (!s.oldContent().isEmpty() || !s.newContent().isEmpty()) {
        out.println("     old: " + oneLine(s.oldContent()) + "   new: " + oneLine(s.newContent()));
      }
    }
    if (!plan.isEmpty()) {
      out.println("plan only: nothing changed; run 'ovl repair --yes'"
          + (plan.stream().anyMatch(RepairStep::needsForce) ? " (and --force for the marked steps)" : ""));
    }
    out.flush();
  }

  private static String oneLine(String s) {
    String t = s.isEmpty() ? "-" : s.replace("\n", "\\n");
    return t.length() > 120 ? t.substring(0, 120) + "..." : t;
  }
}
