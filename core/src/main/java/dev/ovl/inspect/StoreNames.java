package dev.ovl.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer names from the store metadata: an image's names go to its top layer, a container's to its layer.
 * Read-only; missing files mean no names.
 */
public final class StoreNames {
  private StoreNames() {}

  /** Layer id → names, read from {@code root/overlay-images/images.json} and {@code overlay-containers/containers.json}. */
  public static Map<String, List<String>> read(Path root) throws IOException {
    Map<String, List<String>> out = new HashMap<>();
    add(out, root.resolve("overlay-images/images.json"), "");
    add(out, root.resolve("overlay-containers/containers.json"), "container ");
    return out;
  }

  private static void add(Map<String, List<String>> out, Path file, String prefix) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    JsonNode all;
    try {
      all = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (all == null || !all.isArray()) {
      return;
    }
    for (JsonNode n : all) {
      String layer = n.path("layer").asText("");
      if (layer.isEmpty()) {
        continue;
      }
      for (JsonNode name : n.path("names")) {
        out.computeIfAbsent(layer, k -> new ArrayList<>()).add(prefix + name.asText());
      }
    }
  }
}
