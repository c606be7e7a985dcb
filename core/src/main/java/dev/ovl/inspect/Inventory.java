package dev.ovl.inspect;

import dev.ovl.driver.Layer;
import dev.ovl.driver.LayerSummary;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything the inspector lists about a home in one read-only pass: layers, links and overlay mounts. */
public record Inventory(List<LayerRow> layers, Links links, List<OverlayMount> mounts) {
  public Inventory {
    layers = List.copyOf(layers);
    mounts = List.copyOf(mounts);
  }

  /**
   * Reads the home; {@code names} maps layer ids to store names (empty without store metadata). Progress counts
   * layers as entries and diff bytes as bytes.
   */
  public static Inventory read(OverlayDriver d, Map<String, List<String>> names, Progress progress, Cancel cancel)
      throws IOException {
    return read(d, names, Map.of(), progress, cancel);
  }

  /**
   * As {@link #read(OverlayDriver, Map, Progress, Cancel)}, with the mount users of the layers the store lists
   * ({@code LayerMounts.counts}) taken from {@code storeCounts} instead of the driver's own count.
   */
  public static Inventory read(OverlayDriver d, Map<String, List<String>> names, Map<String, Integer> storeCounts,
      Progress progress, Cancel cancel) throws IOException {
    Links links = Links.scan(d);
    List<LayerRow> rows = new ArrayList<>();
    long bytes = 0;
    for (LayerSummary s : LayerSummary.of(d)) {
      cancel.check();
      long size = 0;
      boolean chainOk = false;
      int count = 0;
      try {
        Layer layer = d.layer(s.id());
        size = DiffListing.size(layer, cancel);
        chainOk = links.chainOk(layer);
        count = storeCounts.containsKey(s.id()) ? storeCounts.get(s.id()) : s.mounted() ? d.mountCount(s.id()) : 0;
      } catch (IOException e) {
        if (e instanceof Cancel.Cancelled) {
          throw e;
        }
      }
      bytes += size;
      rows.add(new LayerRow(s.id(), s.parent(), s.link(), s.depth(), size, s.mounted(), count,
          names.getOrDefault(s.id(), List.of()), chainOk && s.problem() == null, s.problem()));
      progress.update(bytes, rows.size());
    }
    return new Inventory(rows, links, OverlayMount.list(d));
  }
}
