package dev.ovl.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished child process: exit code, stdout and stderr. */
record Run(int exit, String out, String err) {
  static final Path TARGET = Path.of(System.getProperty("ovl.target", "target"));
  static final Path JAR = TARGET.resolve("ovl.jar");

  /** Runs {@code java -jar ovl.jar args} with the JDK that runs the tests. */
  static Run ovlJar(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return of(cmd);
  }

  static Run of(List<String> cmd) throws IOException, InterruptedException {
    return of(cmd, Map.of());
  }

  /** Runs {@code cmd} with {@code env} added to this process's environment. */
  static Run of(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    Path out = Files.createTempFile("ovl-run", ".out");
    Path err = Files.createTempFile("ovl-run", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("timed out: " + cmd);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
