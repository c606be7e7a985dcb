package dev.ovl.gui.layout;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

/**
 * Holds a page. Folded, the page is only as high as its bars and headers, so a hidden page makes no rows when a
 * store opens; the first time it is shown with data, it grows to full height a few rows per step, so its tables make
 * their first rows and cells (skins, CSS, layout) over several pulses instead of one long one.
 */
final class Unfold extends StackPane {
  /** Height of a folded page: its bars and headers, no rows. */
  static final double FOLDED = 30;
  /** Height added per step: two table rows. */
  static final double STEP = 48;
  /** Time between steps: long enough for the software renderer to paint the last one while the FX thread is free. */
  static final Duration EVERY = Duration.millis(80);

  private final Region page;
  private final double maxHeight;
  private final Timeline timer = new Timeline();
  private boolean unfolded;

  private Unfold(Region page) {
    super(page);
    this.page = page;
    this.maxHeight = page.getMaxHeight();
    setAlignment(Pos.TOP_LEFT);
    timer.getKeyFrames().add(new KeyFrame(EVERY, e -> grow()));
    timer.setCycleCount(Animation.INDEFINITE);
    fold();
  }

  static Unfold of(Node page) {
    return new Unfold((Region) page);
  }

  /** Shrinks the page to its bars, unless it has already unfolded with data once. */
  void fold() {
    if (!unfolded) {
      timer.stop();
      page.setMaxHeight(FOLDED);
    }
  }

  /** Shows the page at full height at once: for a page without rows to make. */
  void open() {
    if (!unfolded) {
      timer.stop();
      page.setMaxHeight(maxHeight);
    }
  }

  /** Grows the page from folded to full height in steps, the first time it is shown with data. */
  void unfold() {
    if (!unfolded) {
      unfolded = true;
      page.setMaxHeight(FOLDED);
      timer.play();
    }
  }

  /** Whether the page is still growing. */
  boolean unfolding() {
    return timer.getStatus() == Animation.Status.RUNNING;
  }

  private void grow() {
    double next = page.getMaxHeight() + STEP;
    if (getHeight() > 0 && next >= getHeight()) {
      timer.stop();
      page.setMaxHeight(maxHeight);
    } else {
      page.setMaxHeight(next);
    }
  }
}
