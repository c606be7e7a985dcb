package dev.ovl.check;

import java.util.ArrayList;
import java.util.List;

/** A finding being put together: checks may add steps to it after it was first raised. */
final class Draft {
  final Code code;
  final String layer;
  final String message;
  final List<String> evidence = new ArrayList<>();
  final List<RepairStep> steps = new ArrayList<>();
  String advice = "";

  Draft(Code code, String layer, String message) {
    this.code = code;
    this.layer = layer == null ? "" : layer;
    this.message = message;
  }

  Draft evidence(String e) {
    evidence.add(e);
    return this;
  }

  Draft step(RepairStep s) {
    steps.add(s);
    return this;
  }

  Draft advice(String a) {
    advice = a;
    return this;
  }

  Finding build(List<String> names) {
    String a = advice.isEmpty() && !steps.isEmpty()
        ? String.join("; ", steps.stream().map(RepairStep::description).toList()) : advice;
    return new Finding(code, code.severity(), layer, names, message, evidence, steps, a);
  }
}
