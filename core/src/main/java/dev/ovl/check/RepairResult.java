package dev.ovl.check;

import java.util.List;

/**
 * What {@code ovl repair --yes} did.
 *
 * @param applied the steps applied, in order
 * @param skipped steps left out because they need --force
 * @param journal where every applied step was recorded
 */
public record RepairResult(List<RepairStep> applied, List<RepairStep> skipped, String journal) {
  public RepairResult {
    applied = List.copyOf(applied);
    skipped = List.copyOf(skipped);
  }
}
