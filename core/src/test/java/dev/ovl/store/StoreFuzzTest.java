package dev.ovl.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ovl.driver.FuzzAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;

/**
 * Jazzer fuzz targets for the store's readers: storage.conf, the store JSON files and a layer's {@code link} file.
 * Each gives a well-formed result or a one-line IOException, never another exception. {@code mvn verify} replays
 * {@code src/test/resources/dev/ovl/store/StoreFuzzTestInputs/}; see docs/RELIABILITY.md to fuzz for real.
 */
class StoreFuzzTest {
  private static final Path DIR = tempDir();

  @AfterAll
  static void cleanUp() throws IOException {
    try (var s = Files.list(DIR)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(DIR);
  }

  /** storage.conf: options are overlay.KEY=VALUE words, or the file is refused on one line naming it. */
  @FuzzTest(maxDuration = "10s")
  void storageConf(FuzzedDataProvider data) throws IOException {
    Path f = write("storage.conf", data.consumeRemainingAsBytes());
    try {
      StorageConf c = StorageConf.parse(f);
      assertThat(c).isNotNull();
      assertThat(c.toString()).isNotNull();
    } catch (IOException e) {
      oneLine(e, f);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void layersJson(FuzzedDataProvider data) throws IOException {
    records(data, n -> StoreJson.layer(n, false));
  }

  @FuzzTest(maxDuration = "10s")
  void volatileLayersJson(FuzzedDataProvider data) throws IOException {
    records(data, n -> StoreJson.layer(n, true));
  }

  @FuzzTest(maxDuration = "10s")
  void imagesJson(FuzzedDataProvider data) throws IOException {
    records(data, StoreJson::image);
  }

  @FuzzTest(maxDuration = "10s")
  void containersJson(FuzzedDataProvider data) throws IOException {
    records(data, StoreJson::container);
  }

  @FuzzTest(maxDuration = "10s")
  void mountpointsJson(FuzzedDataProvider data) throws IOException {
    records(data, StoreJson::mount);
  }

  /** A link file gives a plain link name (no path), nothing when missing, or a one-line refusal. */
  @FuzzTest(maxDuration = "10s")
  void linkFile(FuzzedDataProvider data) throws IOException {
    write("link", data.consumeRemainingAsBytes());
    try {
      Optional<String> name = FuzzAccess.readLink(DIR);
      assertThat(name).hasValueSatisfying(n -> assertThat(n).matches("[A-Za-z0-9]{1,64}"));
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("run ovl check").doesNotContain("\n");
    }
  }

  private static <T> void records(FuzzedDataProvider data, Function<JsonNode, T> reader) throws IOException {
    Path f = write("store.json", data.consumeRemainingAsBytes());
    try {
      List<T> out = StoreJson.map(JsonFiles.read(f), reader);
      out.forEach(r -> assertThat(r.toString()).isNotNull());
    } catch (IOException e) {
      oneLine(e, f);
    }
  }

  private static void oneLine(IOException e, Path f) {
    assertThat(e.getMessage()).startsWith(f.toString()).doesNotContain("\n").doesNotContain("\r");
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path f = DIR.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ovl-store-fuzz");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
