package dev.ovl.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of an {@code ovl} process: logback's context without logback's auto-configuration. That
 * looks for configurators and for logback.xml through every jar (ovl's jars hold none) and installs a console
 * appender that {@link LogSetup} drops at once; a fresh process spent about 30 ms on it. Named by
 * {@link Main#main} through {@code slf4j.provider}, so a program using the core jar keeps its own logging.
 */
public final class LogProvider implements SLF4JServiceProvider {
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();
  private LoggerContext context;

  /** Names this provider to SLF4J unless the user named one; before the first logger is asked for. */
  static void select() {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", LogProvider.class.getName());
      // SLF4J announces an explicitly named provider on stderr at its INFO level
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
  }

  @Override
  public void initialize() {
    context = new LoggerContext();
    context.setName("default");
    context.setMDCAdapter(mdc);
    context.start();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return context;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
