package dev.ovl.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which mounts a process sees from which root: the first line of its {@code /proc/self/mountinfo}. A mount's id
 * is unique among live mounts and {@code unshare -m} copies every mount under a new id, so another mount namespace
 * has another first line; a chroot hides the mounts outside it, so its first line is another mount's too. The
 * wrappers read it with the shell's {@code read}, which forks nothing. JDK only, for {@link Client}.
 */
final class Namespace {
  /** The variable that carries a client's view to the server (the wrappers export it for ng-nailgun). */
  static final String VAR = "OVL_NS";

  private Namespace() {}

  /** This process's view, or null when /proc cannot tell it. */
  static String own() {
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/mountinfo"))) {
      String line = r.readLine();
      return line == null ? null : line.strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
