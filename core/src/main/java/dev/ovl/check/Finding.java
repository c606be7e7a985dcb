package dev.ovl.check;

import java.util.List;

/**
 * One problem in a layer store, as {@code ovl check} reports it and the GUI shows it.
 *
 * @param code the stable code (see docs/CHECKS.md)
 * @param severity how bad it is
 * @param layer the layer id it is about, empty when it is about the store (or an image or container)
 * @param names human names of that layer, image or container: image tags, container names
 * @param message one line saying what is wrong
 * @param evidence what was seen: paths, file contents, link targets, mount lines
 * @param repair the steps {@code ovl repair} would take; empty if it cannot be repaired in place
 * @param advice one line on the repair, or on what to do by hand when there are no steps
 */
public record Finding(Code code, Severity severity, String layer, List<String> names, String message,
    List<String> evidence, List<RepairStep> repair, String advice) {
  public Finding {
    names = List.copyOf(names);
    evidence = List.copyOf(evidence);
    repair = List.copyOf(repair);
  }

  /** True if {@code ovl repair} has steps for it. */
  public boolean repairable() {
    return !repair.isEmpty();
  }
}
