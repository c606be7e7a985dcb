package dev.ovl.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads the records out of the store's JSON entries; unknown fields are left in the JSON, untouched. */
final class StoreJson {
  private StoreJson() {}

  static <T> List<T> map(JsonNode array, Function<JsonNode, T> f) {
    List<T> out = new ArrayList<>();
    array.forEach(n -> out.add(f.apply(n)));
    return List.copyOf(out);
  }

  static LayerRecord layer(JsonNode n, boolean volatileLayer) {
    return new LayerRecord(n.path("id").asText(), opt(n, "parent"), strings(n.path("names")),
        n.path("flags").path("incomplete").asBoolean(false), volatileLayer, longs(n.path("uidset")),
        longs(n.path("gidset")), n.has("diff-size") ? n.get("diff-size").asLong() : -1);
  }

  static ImageRecord image(JsonNode n) {
    return new ImageRecord(n.path("id").asText(), strings(n.path("names")), opt(n, "layer"),
        strings(n.path("mapped-layers")));
  }

  static ContainerRecord container(JsonNode n) {
    return new ContainerRecord(n.path("id").asText(), strings(n.path("names")), n.path("image").asText(),
        n.path("layer").asText());
  }

  static MountRecord mount(JsonNode n) {
    return new MountRecord(n.path("id").asText(), n.path("path").asText(), n.path("count").asInt(0));
  }

  private static Optional<String> opt(JsonNode n, String key) {
    String v = n.path(key).asText("");
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asLong()));
    return out;
  }
}
