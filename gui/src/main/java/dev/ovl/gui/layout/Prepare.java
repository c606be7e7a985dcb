package dev.ovl.gui.layout;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Tab;
import javafx.util.Duration;

/**
 * Puts the pages not shown yet into the scene, folded and hidden, one per idle step once a store is open: each
 * page's controls get their skins and styles in a pulse of their own, so the first show of a page only lays out
 * rows (which {@link Unfold} spreads over several pulses) instead of also making every skin of the page.
 */
final class Prepare {
  /** Time between two pages: the renderer finishes a frame in between, and the user's input comes first. */
  static final Duration EVERY = Duration.millis(150);

  private final List<Tab> tabs;
  private final BooleanSupplier busy;
  private final Consumer<Tab> attach;
  private final Timeline timer = new Timeline();

  private Prepare(List<Tab> tabs, BooleanSupplier busy, Consumer<Tab> attach) {
    this.tabs = tabs;
    this.busy = busy;
    this.attach = attach;
    timer.getKeyFrames().add(new KeyFrame(EVERY, e -> next()));
    timer.setCycleCount(Animation.INDEFINITE);
  }

  /** Prepares {@code tabs} with {@code attach}, a page per step, skipping the steps while {@code busy}. */
  static Prepare of(List<Tab> tabs, BooleanSupplier busy, Consumer<Tab> attach) {
    return new Prepare(tabs, busy, attach);
  }

  /** Starts preparing the pages still outside the scene; returns at once. */
  void start() {
    if (tabs.stream().anyMatch(t -> t.getContent() == null)) {
      timer.play();
    }
  }

  /** Whether pages are still waiting to be prepared. */
  boolean running() {
    return timer.getStatus() == Animation.Status.RUNNING;
  }

  private void next() {
    if (busy.getAsBoolean()) {
      return;
    }
    for (Tab t : tabs) {
      if (t.getContent() == null) {
        attach.accept(t);
        return;
      }
    }
    timer.stop();
  }
}
