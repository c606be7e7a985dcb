package dev.ovl.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.FilterReply;
import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.LoggerFactory;

/** Logging for the CLI, set up in code so that the core jar ships no logback.xml: warnings and up, to stderr. */
final class LogSetup {
  private static volatile boolean debug;

  private LogSetup() {}

  /** The value of {@code --log-level} among {@code args}, read before picocli runs so that parsing logs too. */
  static String levelFrom(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-level") && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith("--log-level=")) {
        return args[i].substring("--log-level=".length());
      }
    }
    return "warn";
  }

  static void configure(String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Logger root = reset(ctx);
    Level l = Level.toLevel(level, Level.WARN);
    root.setLevel(l);
    debug = isDebug(l);
  }

  /**
   * For {@code ovl serve}: an event logged on a served command's own thread goes to that client's stderr at that
   * command's {@code --log-level}; other threads (pools, a command's helper threads) log to the server's stderr at
   * {@code level}.
   */
  static void configureServed(String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Logger root = reset(ctx);
    Level server = Level.toLevel(level, Level.WARN);
    ctx.addTurboFilter(new TurboFilter() {
      @Override
      public FilterReply decide(Marker m, Logger logger, Level l, String format, Object[] params, Throwable t) {
        Stdio s = Stdio.current();
        Level want = s.served() ? Level.toLevel(s.logLevel(), Level.WARN) : server;
        return l == null || l.isGreaterOrEqual(want) ? FilterReply.NEUTRAL : FilterReply.DENY;
      }
    });
    root.setLevel(Level.TRACE);
  }

  /** Drops any earlier set-up; the root logger then writes each event as a line to the current Stdio's stderr. */
  private static Logger reset(LoggerContext ctx) {
    ctx.reset();
    LineEncoder enc = new LineEncoder();
    enc.setContext(ctx);
    enc.start();
    AppenderBase<ILoggingEvent> out = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        PrintStream err = Stdio.current().err();
        byte[] line = enc.encode(e);
        err.write(line, 0, line.length);
        err.flush();
      }
    };
    out.setContext(ctx);
    out.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(out);
    return root;
  }

  static boolean isDebug() {
    Stdio s = Stdio.current();
    return s.served() ? isDebug(Level.toLevel(s.logLevel(), Level.WARN)) : debug;
  }

  private static boolean isDebug(Level l) {
    return l.isGreaterOrEqual(Level.TRACE) && !l.isGreaterOrEqual(Level.INFO);
  }
}
