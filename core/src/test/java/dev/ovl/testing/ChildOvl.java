package dev.ovl.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code ovl} in a child JVM on one store, optionally halting it dead at a crash point. */
public final class ChildOvl {
  private ChildOvl() {}

  /** Runs {@code ovl --root ROOT --runroot RUN args}; {@code crashAt} names a CrashPoint (or none); the exit code. */
  public static int run(Path root, Path run, String crashAt, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dovl.crashAt=" + crashAt, "dev.ovl.cli.Main",
        "--root", root.toString(), "--runroot", run.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor();
  }
}
