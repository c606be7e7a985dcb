package dev.ovl.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of containers-storage's {@code storage.conf} that ovl uses: graph root, run root, driver and the
 * overlay options, turned into the {@code overlay.KEY=VAL} strings the driver parses.
 *
 * @param source the file read, empty when none exists and the defaults apply
 * @param graphRoot {@code graphroot}, if set
 * @param runRoot {@code runroot}, if set
 * @param driver {@code driver}, if set
 * @param options driver options such as {@code overlay.mountopt=nodev}
 */
public record StorageConf(Optional<Path> source, Optional<Path> graphRoot, Optional<Path> runRoot,
    Optional<String> driver, List<String> options) {
  /** The overlay keys ovl passes on to the driver, in the order they are emitted. */
  static final List<String> OVERLAY_KEYS = List.of("mountopt", "mount_program", "additionalimagestores", "size",
      "force_mask", "ignore_chown_errors", "skip_mount_home");
  private static final TomlMapper TOML = new TomlMapper();

  public StorageConf {
    options = List.copyOf(options);
  }

  /** No file: every default stays ovl's own. */
  public static StorageConf none() {
    return new StorageConf(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
  }

  /** The file podman would read: {@code $CONTAINERS_STORAGE_CONF}, else /etc/..., else /usr/share/.... */
  public static StorageConf load() throws IOException {
    return load(System.getenv());
  }

  static StorageConf load(Map<String, String> env) throws IOException {
    String override = env.get("CONTAINERS_STORAGE_CONF");
    if (override != null && !override.isEmpty()) {
      return parse(Path.of(override));
    }
    for (String candidate : List.of("/etc/containers/storage.conf", "/usr/share/containers/storage.conf")) {
      Path p = Path.of(candidate);
      if (Files.isRegularFile(p)) {
        return parse(p);
      }
    }
    return none();
  }

  /** Reads one file; a malformed file throws an IOException whose one-line message names the file and line. */
  public static StorageConf parse(Path file) throws IOException {
    JsonNode root;
    try {
      root = TOML.readTree(Files.readString(file));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(file + ": malformed storage.conf: not UTF-8 text", e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String line = at == null || at.getLineNr() < 0 ? "" : ":" + at.getLineNr();
      throw new IOException(file + line + ": malformed storage.conf: " + e.getOriginalMessage().replace('\n', ' '));
    }
    JsonNode storage = root.path("storage");
    List<String> options = new ArrayList<>();
    JsonNode general = storage.path("options");
    JsonNode overlay = general.path("overlay");
    for (String key : OVERLAY_KEYS) {
      // [storage.options.overlay] wins over the older [storage.options] spelling, as in containers/storage
      JsonNode v = overlay.has(key) ? overlay.get(key) : general.get(key);
      if (v != null && (v.isValueNode() || v.isArray())) {
        options.add("overlay." + driverKey(key) + "=" + text(file, key, v));
      }
    }
    return new StorageConf(Optional.of(file), path(storage, "graphroot"), path(storage, "runroot"),
        str(storage, "driver"), options);
  }

  private static String driverKey(String key) {
    return key.equals("additionalimagestores") ? "imagestore" : key;
  }

  private static String text(Path file, String key, JsonNode v) throws IOException {
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(e -> parts.add(e.asText()));
      return String.join(",", parts);
    }
    if (v.isValueNode()) {
      return v.asText();
    }
    throw new IOException(file + ": " + key + " must be a string, number, boolean or list");
  }

  private static Optional<String> str(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<Path> path(JsonNode node, String key) {
    return str(node, key).map(Path::of);
  }
}
