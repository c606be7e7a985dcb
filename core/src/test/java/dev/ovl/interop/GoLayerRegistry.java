package dev.ovl.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Lists layers that ovl's driver created in the Go peer's {@code ROOT/overlay-layers/layers.json}, with the
 * fields it needs to find them (id, parent, created). A test stand-in until {@code dev.ovl.store} writes stores.
 */
public final class GoLayerRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoLayerRegistry() {}

  /** Appends {@code id} (child of {@code parent}, or a base layer for null) to ROOT's layers.json. */
  public static void register(Path root, String id, String parent) throws IOException {
    Path dir = Files.createDirectories(root.resolve("overlay-layers"));
    Path file = dir.resolve("layers.json");
    ArrayNode layers = Files.exists(file) ? (ArrayNode) JSON.readTree(file.toFile()) : JSON.createArrayNode();
    ObjectNode layer = layers.addObject();
    layer.put("id", id);
    if (parent != null) {
      layer.put("parent", parent);
    }
    layer.put("created", Instant.now().toString());
    Path tmp = dir.resolve(".layers.json.tmp");
    JSON.writeValue(tmp.toFile(), layers);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
