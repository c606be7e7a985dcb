package dev.ovl.gui.events;

import dev.ovl.check.Finding;
import dev.ovl.check.RepairResult;
import dev.ovl.check.RepairStep;
import dev.ovl.check.Repairer;
import dev.ovl.gui.model.Session;
import dev.ovl.gui.model.StoreModel;
import java.util.List;
import java.util.function.Supplier;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Store ▸ Review repair plan…: the steps {@code ovl repair} would take, and applying them. */
public final class RepairActions {
  private static final Logger log = LoggerFactory.getLogger(RepairActions.class);

  private final StoreModel model;
  private final Supplier<Window> owner;

  public RepairActions(StoreModel model, Supplier<Window> owner) {
    this.model = model;
    this.owner = owner;
  }

  /** Shows the plan built from the current findings; applies it (with --force steps if asked) when confirmed. */
  public void reviewPlan(boolean force) {
    Session s = model.sessionProperty().get();
    List<Finding> findings = model.findingsProperty().get();
    if (s == null || findings == null) {
      return;
    }
    List<RepairStep> plan = Repairer.plan(findings);
    StringBuilder what = new StringBuilder();
    if (plan.isEmpty()) {
      what.append("ovl check proposes no repair steps.");
    } else {
      what.append("Applies these ").append(plan.size()).append(" step(s) in order, each journaled in ")
          .append(dev.ovl.check.Journal.defaultPath(s.spec().root())).append(":\n");
      for (RepairStep st : plan) {
        what.append(st.needsForce() && !force ? "  SKIPPED (needs force): " : "  ").append(st.description())
            .append('\n');
      }
    }
    if (!Confirm.ask(owner.get(), "Repair plan", "Apply", what.toString()) || plan.isEmpty()) {
      return;
    }
    model.tasks().run("Repairing " + s.spec().root(), (p, c) -> s.repair(plan, force, c), (RepairResult r) -> {
      log.info("repair: {} step(s) applied, {} skipped; journal {}", r.applied().size(), r.skipped().size(),
          r.journal());
      model.refresh();
    });
  }
}
