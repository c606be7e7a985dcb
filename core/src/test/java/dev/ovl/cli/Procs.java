package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Client processes of the serve tests: what they print and exit with, and shell helpers. */
final class Procs {
  private Procs() {}

  /** What a client process printed and exited with. */
  static final class Result {
    final int code;
    final byte[] bytes;
    final String out;
    final String err;

    Result(int code, byte[] bytes, String err) {
      this.code = code;
      this.bytes = bytes;
      this.out = new String(bytes);
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
  }

  /** Runs {@code pb} in {@code s} with stdin from the file {@code stdin} there (null: /dev/null). */
  static Result run(Scratch s, ProcessBuilder pb, String stdin) throws Exception {
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
        : ProcessBuilder.Redirect.from(s.resolve(stdin).toFile()));
    Path err = Files.createTempFile(s.path(), "err", "");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    int code = p.waitFor();
    return new Result(code, out, Files.readString(err));
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  static String sh(Path dir, String script) throws Exception {
    return sh(dir, script, Path.of("/dev/null"));
  }

  static String sh(Path dir, String script, Path stdin) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile())
        .redirectInput(stdin.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(script).isZero();
    return out;
  }
}
