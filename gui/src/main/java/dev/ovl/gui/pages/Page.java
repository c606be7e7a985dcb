package dev.ovl.gui.pages;

import javafx.scene.Node;

/** One view of the inspector window, shown as a tab. */
public interface Page {
  /** The name used by {@code --view} and in node ids: layers, chain, links, mounts, diff, health. */
  String id();

  String title();

  Node node();
}
