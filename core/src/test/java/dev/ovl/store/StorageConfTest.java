package dev.ovl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageConfTest {
  @Test
  void readsRootsDriverAndOverlayOptionsAsPodmanDoes() throws Exception {
    try (Scratch s = Scratch.create("conf-")) {
      Path conf = s.resolve("storage.conf");
      Files.writeString(conf, """
          # as shipped by Debian, trimmed
          [storage]
          driver = "overlay"
          runroot = "/run/alt"
          graphroot = "/var/lib/alt"

          [storage.options]
          additionalimagestores = [ "/srv/a", "/srv/b" ]
          mountopt = "nodev"

          [storage.options.overlay]
          mountopt = "nodev,metacopy=on"
          mount_program = "/usr/bin/fuse-overlayfs"
          skip_mount_home = "true"
          force_mask = "shared"
          """);
      StorageConf c = StorageConf.parse(conf);
      assertThat(c.graphRoot()).contains(Path.of("/var/lib/alt"));
      assertThat(c.runRoot()).contains(Path.of("/run/alt"));
      assertThat(c.driver()).contains("overlay");
      assertThat(c.options()).containsExactly("overlay.mountopt=nodev,metacopy=on",
          "overlay.mount_program=/usr/bin/fuse-overlayfs", "overlay.imagestore=/srv/a,/srv/b",
          "overlay.force_mask=shared", "overlay.skip_mount_home=true");
    }
  }

  @Test
  void readsDebiansShippedFile() throws Exception {
    Path shipped = Path.of("/usr/share/containers/storage.conf");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(shipped), "no shipped storage.conf");
    StorageConf c = StorageConf.parse(shipped);
    assertThat(c.graphRoot()).contains(Path.of("/var/lib/containers/storage"));
    assertThat(c.options()).contains("overlay.mountopt=nodev");
  }

  @Test
  void malformedFileIsOneLineNamingFileAndLine() throws Exception {
    try (Scratch s = Scratch.create("conf-")) {
      Path conf = s.resolve("storage.conf");
      Files.writeString(conf, "[storage]\ndriver = \"overlay\"\ngraphroot = /no/quotes\n");
      assertThatThrownBy(() -> StorageConf.parse(conf))
          .hasMessageStartingWith(conf + ":3: malformed storage.conf")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void environmentOverrideWinsAndNoFileMeansDefaults() throws Exception {
    try (Scratch s = Scratch.create("conf-")) {
      Path conf = s.resolve("mine.conf");
      Files.writeString(conf, "[storage]\ngraphroot = \"/g\"\n");
      assertThat(StorageConf.load(Map.of("CONTAINERS_STORAGE_CONF", conf.toString())).source()).contains(conf);
      StorageConf none = StorageConf.none();
      assertThat(none.graphRoot()).isEqualTo(Optional.empty());
      assertThat(none.options()).isEmpty();
    }
  }
}
