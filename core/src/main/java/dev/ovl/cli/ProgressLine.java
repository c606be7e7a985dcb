package dev.ovl.cli;

import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line progress display on stderr, drawn only when stderr is a terminal, at most ten times a second. */
final class ProgressLine implements Progress, AutoCloseable {
  private final String what;
  private final PrintStream err = Stdio.current().err();
  private long lastDraw;
  private boolean drawn;

  private ProgressLine(String what) {
    this.what = what;
  }

  /** A progress line for {@code what}, or {@link Progress#NONE} when stderr is not a terminal. */
  static Progress forStderr(String what) {
    return Stdio.current().errIsTerminal() ? new ProgressLine(what) : Progress.NONE;
  }

  static void finish(Progress p) {
    if (p instanceof ProgressLine l) {
      l.close();
    }
  }

  static boolean fdIsTerminal(int fd) {
    try {
      String t = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public synchronized void update(long bytes, long entries) {
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    drawn = true;
    err.print(String.format("\r%s: %,d entries, %,.1f MiB ", what, entries, bytes / 1048576.0));
    err.flush();
  }

  @Override
  public synchronized void close() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
