package dev.ovl.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ovl.idtools.IdMap;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.MountInfo;
import dev.ovl.natives.MountOptions;
import java.io.IOException;
import java.util.List;

/**
 * Jazzer fuzz targets for the text parsers. {@code mvn verify} replays the saved inputs under
 * {@code src/test/resources/dev/ovl/fuzz/ParserFuzzTestInputs/}; {@code JAZZER_FUZZ=1 mvn -pl core test
 * -Dtest=ParserFuzzTest#NAME} fuzzes one target for real (see docs/RELIABILITY.md).
 */
class ParserFuzzTest {
  /** Mountinfo text either parses into well-formed records or fails with an IOException naming a line. */
  @FuzzTest(maxDuration = "10s")
  void mountInfo(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      for (MountInfo m : MountInfo.parse(text)) {
        assertThat(m.mountPoint()).isNotNull();
        assertThat(m.fsType()).isNotNull();
        m.superOptionMap();
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).startsWith("mountinfo line ").doesNotContain("\n");
    }
  }

  /** Any option string splits into flags and data, and data never holds a word that is a flag. */
  @FuzzTest(maxDuration = "10s")
  void mountOptions(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    MountOptions.Parsed p = MountOptions.parse(text);
    if (!p.data().isEmpty()) {
      for (String word : p.data().split(",")) {
        assertThat(MountOptions.isFlag(word)).isFalse();
      }
    }
  }

  /** An ID map parses and formats back to itself, or is refused with IllegalArgumentException. */
  @FuzzTest(maxDuration = "10s")
  void idMaps(FuzzedDataProvider data) {
    String uid = data.consumeString(200);
    String gid = data.consumeRemainingAsString();
    IdMappings m;
    try {
      m = IdMappings.parse(uid, gid);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      return;
    }
    assertThat(IdMappings.parseMap(IdMappings.format(m.uids()))).isEqualTo(m.uids());
    for (IdMap r : m.uids()) {
      assertThat(m.uidToContainer(m.uidToHost(r.containerId()))).isEqualTo(r.containerId());
    }
  }

  /** A lower file either gives plain l/NAME entries or is refused: never a path outside l/. */
  @FuzzTest(maxDuration = "10s")
  void lowerFile(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    List<String> entries;
    try {
      entries = dev.ovl.driver.FuzzAccess.parseLower(text);
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("run ovl check").doesNotContain("\n");
      return;
    }
    for (String e : entries) {
      assertThat(e).matches("l/[A-Za-z0-9]{1,64}");
    }
  }

  /** Driver options parse or fail with IllegalArgumentException; nothing else escapes. */
  @FuzzTest(maxDuration = "10s")
  void driverOptions(FuzzedDataProvider data) {
    List<String> opts = List.of(data.consumeString(100), data.consumeRemainingAsString());
    try {
      dev.ovl.driver.DriverOptions.parse(opts);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
    }
  }
}
