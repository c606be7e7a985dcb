package dev.ovl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The store's JSON arrays: read whole, and replaced atomically (temp, fsync, rename) with a backup beside them. */
final class JsonFiles {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private JsonFiles() {}

  /** The array in {@code file}; a missing or empty file is an empty array, a malformed one an IOException. */
  static ArrayNode read(Path file) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return MAPPER.createArrayNode();
    }
    // UTF-8 only, invalid bytes replaced, as Go's encoding/json reads it (no UTF-16/32 detection)
    String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return MAPPER.createArrayNode();
    }
    try {
      JsonNode n = MAPPER.readTree(text);
      if (!n.isArray()) {
        throw new IOException(file + ": not a JSON array");
      }
      return (ArrayNode) n;
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new IOException(file + (line > 0 ? ":" + line : "") + ": malformed JSON: "
          + e.getOriginalMessage().replace('\n', ' '));
    }
  }

  /**
   * Copies the current {@code file} to a time-stamped backup beside it if {@code backup}, then replaces it with
   * {@code array} (compact, mode 0600 as containers/storage writes it). Returns the backup, or null if none.
   */
  static Path replace(Path file, ArrayNode array, boolean backup) throws IOException {
    Path saved = null;
    if (backup && Files.exists(file)) {
      saved = file.resolveSibling(file.getFileName() + ".ovl-backup-" + STAMP.format(Instant.now()));
      Files.copy(file, saved, StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.createDirectories(file.getParent());
    dev.ovl.driver.Dirs.writeAtomic(file, MAPPER.writeValueAsBytes(array), 0600);
    return saved;
  }
}
