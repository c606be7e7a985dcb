package dev.ovl.gui.events;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A logback appender that hands log lines to the log pane in batches, so a burst of logging costs the FX thread
 * one update per batch. Installed on the root logger at INFO; existing appenders keep their old threshold.
 */
public final class LogAppender extends AppenderBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private final Consumer<List<String>> sink;
  private final List<String> buffer = new ArrayList<>();
  private boolean scheduled;

  private LogAppender(Consumer<List<String>> sink) {
    this.sink = sink;
  }

  /** Adds an appender feeding {@code sink} (called on the FX thread) to the root logger; null if not logback. */
  public static LogAppender install(Consumer<List<String>> sink) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return null;
    }
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    Level old = root.getEffectiveLevel();
    if (old.isGreaterOrEqual(Level.INFO) && !old.equals(Level.INFO)) {
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        it.next().addFilter(threshold(old));
      }
      root.setLevel(Level.INFO);
    }
    LogAppender a = new LogAppender(sink);
    a.setContext(ctx);
    a.setName("ovl-gui");
    a.start();
    root.addAppender(a);
    return a;
  }

  private static Filter<ILoggingEvent> threshold(Level level) {
    return new Filter<>() {
      @Override
      public FilterReply decide(ILoggingEvent e) {
        return e.getLevel().isGreaterOrEqual(level) ? FilterReply.NEUTRAL : FilterReply.DENY;
      }
    };
  }

  @Override
  protected void append(ILoggingEvent e) {
    String line = TIME.format(Instant.ofEpochMilli(e.getTimeStamp())) + " " + e.getLevel() + " "
        + e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1) + ": " + e.getFormattedMessage();
    synchronized (buffer) {
      buffer.add(line);
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    dev.ovl.gui.model.TaskRunner.fx(this::flush);
  }

  private void flush() {
    List<String> lines;
    synchronized (buffer) {
      lines = new ArrayList<>(buffer);
      buffer.clear();
      scheduled = false;
    }
    sink.accept(lines);
  }

  /** Removes this appender from the root logger. */
  public void uninstall() {
    if (getContext() instanceof LoggerContext ctx) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
    }
    stop();
  }
}
