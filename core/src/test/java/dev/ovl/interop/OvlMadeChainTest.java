package dev.ovl.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chain made by ovl (contents written through its own mounts, so the kernel makes the whiteouts and opaque
 * dirs) and listed in the peer's layers.json is mounted by the Go peer with the same merged view.
 */
class OvlMadeChainTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void goPeerMountsTheOvlChainWithTheSameMergedView() throws Exception {
    try (Scratch s = Scratch.create("interop-ovl-chain")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      List<String> ids;
      Map<String, SortedMap<String, String>> expected = new TreeMap<>();
      try (OverlayDriver d = OverlayDriver.init(go.home(), go.runHome(), List.of(), IdMappings.IDENTITY)) {
        ids = OvlChain.create(d);
        for (String id : ids) {
          expected.put(id, Views.ovl(d, id));
        }
      }
      String parent = null;
      for (String id : ids) {
        GoLayerRegistry.register(go.root(), id, parent);
        parent = id;
      }
      assertThat(go.layers()).containsExactlyInAnyOrderElementsOf(ids);
      SortedMap<String, String> top = expected.get(ids.get(3));
      assertThat(top).containsKeys("etc/hosts", "data/c-moved", "opq/new", "dev/null", "tmp/fifo", "etc/localtime")
          .doesNotContainKeys("data/a", "data/c", "opq/old", "bin", "bin/tool");
      assertThat(top.get("data/b")).startsWith("- 0644 2000:2000 2 ");
      assertThat(expected.get(ids.get(0)).get("bin/tool")).startsWith("- 4755 1000:1000");
      for (String id : ids) {
        assertThat(Views.go(go, id)).as("layer %s", id).isEqualTo(expected.get(id));
      }
      GoStorage goFuse = GoStorage.on(go.root(), go.runRoot(), "mount_program=/usr/bin/fuse-overlayfs");
      java.nio.file.Path merged = goFuse.mount(ids.get(3));
      try {
        assertThat(dev.ovl.natives.MountInfo.at(merged).get(0).fsType()).startsWith("fuse");
      } finally {
        goFuse.unmountQuietly(ids.get(3));
      }
      for (String id : List.of(ids.get(0), ids.get(3))) {
        assertThat(Views.go(goFuse, id)).as("layer %s through the peer's mount program", id)
            .isEqualTo(expected.get(id));
      }
    }
  }
}
