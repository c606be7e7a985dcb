package dev.ovl.cli;

/** Asks before destroying data: yes with --force, a y/N prompt on a terminal, and a refusal otherwise. */
final class Confirm {
  private Confirm() {}

  /** Throws unless {@code force} or the user answers yes to {@code question} on the terminal. */
  static void orRefuse(boolean force, String question, String refusal) {
    if (force) {
      return;
    }
    Stdio.Prompt c = Stdio.current().prompt();
    if (c == null) {
      throw new IllegalStateException(refusal + " (no terminal to ask on; use --force)");
    }
    String answer = c.readLine(question + " [y/N] ");
    if (answer == null || !answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
      throw new IllegalStateException(refusal + " (not confirmed)");
    }
  }
}
