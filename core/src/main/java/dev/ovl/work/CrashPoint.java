package dev.ovl.work;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points between the steps of an operation, where crash tests stop the process dead. Inert unless the system
 * property {@code ovl.crashAt} names the point, as {@code NAME} (its first hit) or {@code NAME#N} (its N-th hit);
 * then the JVM halts there as a SIGKILL would, with no finally blocks, no shutdown hooks and no flushing.
 */
public final class CrashPoint {
  private static final Logger log = LoggerFactory.getLogger(CrashPoint.class);
  private static final String SPEC = System.getProperty("ovl.crashAt", "");
  private static final String TARGET = SPEC.contains("#") ? SPEC.substring(0, SPEC.indexOf('#')) : SPEC;
  private static final int NTH = SPEC.contains("#") ? Integer.parseInt(SPEC.substring(SPEC.indexOf('#') + 1)) : 1;
  private static final AtomicInteger HITS = new AtomicInteger();

  private CrashPoint() {}

  /** Halts the JVM at the chosen hit of the point {@code ovl.crashAt} names. */
  public static void hit(String name) {
    if (!TARGET.isEmpty() && TARGET.equals(name) && HITS.incrementAndGet() == NTH) {
      log.debug("crash point {} reached: halting", SPEC);
      Runtime.getRuntime().halt(137);
    }
  }
}
