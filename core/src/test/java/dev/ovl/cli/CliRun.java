package dev.ovl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process against one store and captures what it prints. */
final class CliRun {
  final int code;
  final String out;
  final String err;

  private CliRun(int code, String out, String err) {
    this.code = code;
    this.out = out;
    this.err = err;
  }

  static CliRun of(Path root, Path runRoot, String... args) {
    List<String> all = new ArrayList<>(List.of("--root", root.toString(), "--runroot", runRoot.toString()));
    all.addAll(List.of(args));
    return raw(all.toArray(String[]::new));
  }

  static CliRun raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + code + "\nout: " + out + "\nerr: " + err;
  }
}
