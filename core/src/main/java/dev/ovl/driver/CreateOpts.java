package dev.ovl.driver;

import dev.ovl.idtools.IdMappings;
import java.util.Map;

/** Options for Create: the layer's ID maps (null means the driver's) and per-layer storage options (size). */
public record CreateOpts(IdMappings mappings, Map<String, String> storageOpt) {
  public static final CreateOpts DEFAULT = new CreateOpts(null, Map.of());

  public CreateOpts {
    storageOpt = Map.copyOf(storageOpt);
  }
}
