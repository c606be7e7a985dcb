package dev.ovl.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
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
    ctx.reset();
    LineEncoder enc = new LineEncoder();
    enc.setContext(ctx);
    enc.start();
    ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> out = new ConsoleAppender<>();
    out.setContext(ctx);
    out.setTarget("System.err");
    out.setEncoder(enc);
    out.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(out);
    Level l = Level.toLevel(level, Level.WARN);
    root.setLevel(l);
    debug = l.isGreaterOrEqual(Level.TRACE) && !l.isGreaterOrEqual(Level.INFO);
  }

  static boolean isDebug() {
    return debug;
  }
}
