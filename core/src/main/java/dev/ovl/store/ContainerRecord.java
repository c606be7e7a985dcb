package dev.ovl.store;

import java.util.List;

/** One entry of {@code containers.json}: its id, names, image and read-write layer. */
public record ContainerRecord(String id, List<String> names, String image, String layer) {
  public ContainerRecord {
    names = List.copyOf(names);
  }
}
