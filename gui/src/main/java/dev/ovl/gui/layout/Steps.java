package dev.ovl.gui.layout;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import javafx.animation.AnimationTimer;

/**
 * Runs a list of changes to the scene one per pulse: each change's new nodes get their skins, styles and layout in
 * that pulse, so the first show of the window is split into several short pulses instead of one long one.
 */
final class Steps extends AnimationTimer {
  private final Queue<Runnable> left;

  private Steps(List<Runnable> steps) {
    this.left = new ArrayDeque<>(steps);
  }

  /** Starts running {@code steps} on the coming pulses, the first on the next one. */
  static Steps start(List<Runnable> steps) {
    Steps s = new Steps(steps);
    s.start();
    return s;
  }

  @Override
  public void handle(long now) {
    Runnable next = left.poll();
    if (next == null) {
      stop();
    } else {
      next.run();
    }
  }

  /** Whether changes are still waiting for their pulse. */
  boolean running() {
    return !left.isEmpty();
  }
}
