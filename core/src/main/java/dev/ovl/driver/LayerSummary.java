package dev.ovl.driver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the layer listing: the parent is found through the first {@code lower} entry and the {@code link}
 * files of the other layers, exactly as a mount would resolve it. {@code problem} is non-null when the disk does not
 * say enough to tell (details come from {@code ovl check}).
 */
public record LayerSummary(String id, String parent, String link, int depth, boolean mounted, String problem) {

  /** Every layer under the driver's home, sorted by id. */
  public static List<LayerSummary> of(OverlayDriver d) throws IOException {
    List<Layer> layers = new ArrayList<>();
    Map<String, String> idByLink = new HashMap<>();
    List<LayerSummary> out = new ArrayList<>();
    for (String id : d.listLayers()) {
      try {
        Layer l = d.layer(id);
        layers.add(l);
        l.link().ifPresent(link -> idByLink.putIfAbsent(link, id));
      } catch (IOException e) {
        out.add(new LayerSummary(id, null, null, 0, false, e.getMessage()));
      }
    }
    for (Layer l : layers) {
      String parent = l.parentLink().map(idByLink::get).orElse(null);
      String problem = l.link().isEmpty() ? "no link file"
          : l.parentLink().isPresent() && parent == null ? "parent link l/" + l.parentLink().get() + " is unknown"
          : null;
      out.add(new LayerSummary(l.id(), parent, l.link().orElse(null), l.depth(), l.mounted(), problem));
    }
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return out;
  }
}
