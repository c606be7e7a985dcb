package dev.ovl.driver;

import dev.ovl.work.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Readers of a layer's small files ({@code link}, {@code lower}) and of {@code l/} links, checked as they are read. */
final class LayerFiles {
  private LayerFiles() {}

  /** The layer's link name from its {@code link} file; empty if the file is missing, an error if malformed. */
  static Optional<String> readLinkFile(Path dir, String id) throws IOException {
    String link = bytesOrNull(dir.resolve(OverlayDriver.LINK_FILE));
    if (link == null) {
      return Optional.empty();
    }
    if (!LinkIds.isValid(link.strip())) {
      throw new IOException("layer " + id + " has a malformed link file; run ovl check");
    }
    return Optional.of(link.strip());
  }

  /** The entries of the layer's {@code lower} file, each checked to be {@code l/<name>}. */
  static List<String> lowerEntries(Path dir, String id) throws IOException {
    String text = bytesOrNull(dir.resolve(OverlayDriver.LOWER_FILE));
    return text == null ? List.of() : parseLower(text, id);
  }

  /** Parses {@code lower} file text: {@code l/NAME} entries joined by ':'; anything else is an error. */
  static List<String> parseLower(String text, String id) throws IOException {
    List<String> out = new ArrayList<>();
    for (String e : text.strip().split(":")) {
      if (e.isEmpty()) {
        continue;
      }
      if (!e.startsWith(OverlayDriver.LINK_DIR + "/") || !LinkIds.isValid(e.substring(2))) {
        throw new IOException("layer " + id + ": lower entry " + Text.quote(e) + " is not l/<link>; run ovl check");
      }
      out.add(e);
    }
    return out;
  }

  /** The file as text, bytes that are not UTF-8 replaced (so they fail the checks above); null if missing. */
  private static String bytesOrNull(Path file) throws IOException {
    try {
      return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The target of symlink {@code link}, or null if there is none; a non-link there is an error. */
  static String readlinkOrNull(Path link) throws IOException {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (NoSuchFileException e) {
      return null;
    } catch (java.nio.file.NotLinkException e) {
      throw new IOException(link + " is not a symlink; run ovl check");
    }
  }
}
