package dev.ovl.cli;

import picocli.CommandLine;

/** The {@code ovl} command: runs picocli, turns every failure into one line on stderr and an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    LogProvider.select();
    // bound before a second thread runs: what another thread logs while SLF4J binds is replayed, with a warning
    org.slf4j.LoggerFactory.getILoggerFactory();
    Preload.start();
    System.exit(run(args));
  }

  /** Runs {@code ovl args}; returns the exit code (0 ok, 1 failed or found problems, 2 usage). */
  public static int run(String[] args) {
    return run(args, new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true));
  }

  /** Runs {@code ovl args} printing to {@code out} and {@code err}. */
  public static int run(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
    Stdio io = Stdio.current();
    if (io.served()) {
      io.logLevel(LogSetup.levelFrom(args));
    } else {
      LogSetup.configure(LogSetup.levelFrom(args));
    }
    CommandLine cl = new CommandLine(new OvlCommand());
    Subcommands.register(cl, args);
    // relative paths on the command line are the caller's: a served client's cwd is not the server's
    cl.registerConverter(java.nio.file.Path.class, io::resolve);
    cl.setOut(out).setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("ovl: " + Errors.oneLine(e));
      if (LogSetup.isDebug()) {
        e.printStackTrace(cmd.getErr());
      }
      return 1;
    });
    cl.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println("ovl: " + e.getMessage());
      e.getCommandLine().getErr().println("Try 'ovl " + commandPath(e.getCommandLine()) + "--help'.");
      return 2;
    });
    return cl.execute(args);
  }

  private static String commandPath(CommandLine cl) {
    String qualified = cl.getCommandSpec().qualifiedName(" ");
    int sp = qualified.indexOf(' ');
    return sp < 0 ? "" : qualified.substring(sp + 1) + " ";
  }
}
