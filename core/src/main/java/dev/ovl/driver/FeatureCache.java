package dev.ovl.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Kernel feature probe results cached in the run home as {@code <feature>-true} / {@code <feature>-false} files,
 * the false one holding the reason, exactly as containers/storage names and fills them.
 */
final class FeatureCache {
  /** A cached answer and its text. */
  record Entry(boolean supported, String text) {}

  private final Path runHome;

  FeatureCache(Path runHome) {
    this.runHome = runHome;
  }

  static String fileName(String feature, boolean set) {
    return feature + (set ? "-true" : "-false");
  }

  Optional<Entry> get(String feature) throws IOException {
    for (boolean set : new boolean[] {true, false}) {
      try {
        return Optional.of(new Entry(set, Files.readString(runHome.resolve(fileName(feature, set)))));
      } catch (NoSuchFileException e) {
        // try the other answer
      }
    }
    return Optional.empty();
  }

  void put(String feature, boolean supported, String text) throws IOException {
    Files.write(runHome.resolve(fileName(feature, supported)), text.getBytes(StandardCharsets.UTF_8));
  }
}
