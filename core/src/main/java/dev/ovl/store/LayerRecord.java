package dev.ovl.store;

import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code layers.json} (or {@code volatile-layers.json}), reduced to what checking needs.
 *
 * @param id the layer id
 * @param parent the parent layer id, empty for a base layer
 * @param names the layer's own names
 * @param incomplete true if flagged incomplete: containers/storage was still creating or deleting it
 * @param volatileLayer true if it came from the run root's {@code volatile-layers.json}
 * @param uidSet the uidset recorded for it, empty if none
 * @param gidSet the gidset recorded for it
 * @param diffSize the recorded uncompressed size, -1 if unknown
 */
public record LayerRecord(String id, Optional<String> parent, List<String> names, boolean incomplete,
    boolean volatileLayer, List<Long> uidSet, List<Long> gidSet, long diffSize) {
  public LayerRecord {
    names = List.copyOf(names);
    uidSet = List.copyOf(uidSet);
    gidSet = List.copyOf(gidSet);
  }
}
