package dev.ovl.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the running command's stdin, stdout, stderr, terminal and working directory are: this process's own, or
 * a served client's. Commands reach them only through here, so that they run the same served or not.
 */
final class Stdio {
  private static final Stdio LOCAL = new Stdio(System.in, new FileOutputStream(FileDescriptor.out), System.err,
      null, false, null);
  /** Not inherited: pool threads outlive the command that started them and would write to the wrong client. */
  private static final ThreadLocal<Stdio> CURRENT = new ThreadLocal<>();

  private final InputStream in;
  private final OutputStream out;
  private final PrintStream err;
  private final Path cwd;
  private final boolean errTty;
  private final Prompt prompt;
  private final Set<CtrlC> guards = ConcurrentHashMap.newKeySet();
  private volatile String logLevel = "warn";

  /** Asks a question and reads the answer line, as {@link java.io.Console#readLine} does (null: end of input). */
  interface Prompt {
    String readLine(String question);
  }

  private Stdio(InputStream in, OutputStream out, PrintStream err, Path cwd, boolean errTty, Prompt prompt) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.cwd = cwd;
    this.errTty = errTty;
    this.prompt = prompt;
  }

  /** A served client's streams; {@code prompt} is null when the client has no terminal to ask on. */
  static Stdio served(InputStream in, OutputStream out, PrintStream err, Path cwd, boolean errTty, Prompt prompt) {
    return new Stdio(in, out, err, cwd, errTty, prompt);
  }

  static Stdio current() {
    Stdio s = CURRENT.get();
    return s != null ? s : LOCAL;
  }

  /** Makes {@code s} the current thread's stdio. */
  static void set(Stdio s) {
    CURRENT.set(s);
  }

  boolean served() {
    return this != LOCAL;
  }

  InputStream in() {
    return in;
  }

  /** Binary stdout (a tar goes here); the caller flushes. */
  OutputStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** The directory relative paths on the command line are relative to. */
  Path cwd() {
    return cwd != null ? cwd : Path.of("").toAbsolutePath();
  }

  /** {@code p} resolved against {@link #cwd()}. */
  Path resolve(String p) {
    return cwd().resolve(p);
  }

  boolean errIsTerminal() {
    return served() ? errTty : ProgressLine.fdIsTerminal(2);
  }

  /** The terminal to ask on, or null when there is none. */
  Prompt prompt() {
    if (served()) {
      return prompt;
    }
    java.io.Console c = System.console();
    return c == null ? null : q -> c.readLine("%s", q);
  }

  /** Cancel guards of the command running for a client; a client's Ctrl-C cancels them. */
  Set<CtrlC> guards() {
    return guards;
  }

  String logLevel() {
    return logLevel;
  }

  void logLevel(String level) {
    logLevel = level;
  }
}
