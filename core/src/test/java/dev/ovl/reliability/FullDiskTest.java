package dev.ovl.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.LoopFs;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create on a full ext4 or XFS loop filesystem: a one-line ENOSPC error naming the path, and nothing left over. */
class FullDiskTest {
  static Map<String, String> tree(Path home) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (var s = Files.walk(home)) {
      for (Path p : s.toList()) {
        m.put(home.relativize(p).toString(), Files.isSymbolicLink(p) ? "->" + Files.readSymbolicLink(p) : "");
      }
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void createOnAFullDisk(String type) throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("enospc-" + type);
        LoopFs fs = LoopFs.create(s, type, type.equals("xfs") ? 300 : 8)) {
      Path root = Files.createDirectories(fs.path().resolve("root"));
      try (OverlayDriver d = OverlayDriver.init(root.resolve("overlay"), fs.path().resolve("run/overlay"), List.of(),
          IdMappings.IDENTITY)) {
        d.create("base", null, CreateOpts.DEFAULT);
        fs.fill();
        Map<String, String> before = tree(d.home());
        assertThatThrownBy(() -> {
          for (int i = 0; i < 1000; i++) {
            d.create("child-" + i, "base", CreateOpts.DEFAULT);
          }
        }).hasMessageContaining("ENOSPC").hasMessageContaining(d.home().toString())
            .message().doesNotContain("\n");
        Map<String, String> after = tree(d.home());
        after.keySet().removeIf(k -> k.startsWith("child-"));
        after.values().removeIf(v -> v.contains("/child-"));
        assertThat(after).as("nothing but whole layers was added").isEqualTo(before);
        for (String id : d.listLayers()) {
          assertThat(d.home().resolve(id).resolve("link")).exists();
          assertThat(d.home().resolve(id).resolve("diff")).isDirectory();
        }
      }
    }
  }
}
