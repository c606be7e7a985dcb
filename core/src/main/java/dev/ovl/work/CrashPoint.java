package dev.ovl.work;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points between the steps of an operation, where crash tests stop the process dead. Inert unless the system
 * property {@code ovl.crashAt} names the point; then the JVM halts there as a SIGKILL would, with no finally blocks,
 * no shutdown hooks and no flushing.
 */
public final class CrashPoint {
  private static final Logger log = LoggerFactory.getLogger(CrashPoint.class);
  private static final String TARGET = System.getProperty("ovl.crashAt");

  private CrashPoint() {}

  /** Halts the JVM if {@code ovl.crashAt} equals {@code name}. */
  public static void hit(String name) {
    if (TARGET != null && TARGET.equals(name)) {
      log.debug("crash point {} reached: halting", name);
      Runtime.getRuntime().halt(137);
    }
  }
}
