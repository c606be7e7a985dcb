package dev.ovl.store;

import java.util.List;
import java.util.Optional;

/** One entry of {@code images.json}: its id, its names (tags) and its top layer. */
public record ImageRecord(String id, List<String> names, Optional<String> topLayer, List<String> mappedTopLayers) {
  public ImageRecord {
    names = List.copyOf(names);
    mappedTopLayers = List.copyOf(mappedTopLayers);
  }
}
