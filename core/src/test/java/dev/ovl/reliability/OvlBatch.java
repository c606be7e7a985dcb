package dev.ovl.reliability;

import dev.ovl.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM that runs many {@code ovl} invocations one after the other, as separate processes would (each
 * opens its own driver), so that JVM start-up does not dominate a concurrency run. Arguments: a file of
 * invocations (one per line, arguments separated by tabs) and the results file, written at the end: per
 * invocation the exit code, stdout and stderr with newlines shown as " | ", tab-separated.
 */
public final class OvlBatch {
  private OvlBatch() {}

  public static void main(String[] args) throws Exception {
    List<String> results = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(line.split("\t"), new PrintWriter(out, true), new PrintWriter(err, true));
      String first = out.toString().strip().replace("\n", " | ");
      results.add(code + "\t" + first + "\t" + err.toString().strip().replace("\n", " | "));
    }
    Files.write(Path.of(args[1]), results);
  }
}
