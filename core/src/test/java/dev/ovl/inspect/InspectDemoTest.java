package dev.ovl.inspect;

import static dev.ovl.demo.DemoStore.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.demo.DemoStore;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.MountInfo;
import dev.ovl.store.StorePaths;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read-only queries against the generated demo store: real layers, a real mount, a real missing link. */
class InspectDemoTest {

  @Test
  void demoStoreReadsAsBuilt() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("inspect"); DemoStore demo = DemoStore.create(s.path())) {
      OverlayDriver d = OverlayDriver.init(demo.root().resolve("overlay"), demo.runRoot().resolve("overlay"),
          List.of(), IdMappings.IDENTITY);
      Map<String, List<String>> names = StoreNames.read(new StorePaths(demo.root(), demo.runRoot()));
      assertThat(names.get(id("python"))).containsExactly("localhost/demo/python:3.11");
      assertThat(names.get(id("container"))).containsExactly("container py-shell");

      Inventory inv = Inventory.read(d, names, Progress.NONE, Cancel.NEVER);
      assertThat(inv.layers()).hasSize(DemoStore.LAYERS.size());
      LayerRow app = row(inv, "app");
      assertThat(app.parent()).isEqualTo(id("web"));
      assertThat(app.chainOk()).isFalse();
      LayerRow py = row(inv, "python");
      assertThat(py.parent()).isEqualTo(id("tools"));
      assertThat(py.depth()).isEqualTo(2);
      assertThat(py.chainOk()).isTrue();
      assertThat(py.diffSize()).isGreaterThan(50_000);
      assertThat(row(inv, "container").mounted()).isTrue();
      assertThat(row(inv, "container").mountCount()).isEqualTo(1);

      String webLink = d.layer(id("web")).link().orElseThrow();
      assertThat(inv.links().get(webLink).state()).isEqualTo(LinkState.MISSING);
      assertThat(inv.links().get(webLink).owner()).isEqualTo(id("web"));
      assertThat(inv.links().rows()).filteredOn(r -> r.state() == LinkState.OK).hasSize(5);

      Chain chain = Chain.of(d, inv.links(), id("app"));
      assertThat(chain.entries()).extracting(ChainEntry::state).containsExactly(LinkState.OK, LinkState.MISSING,
          LinkState.OK);
      assertThat(chain.ok()).isFalse();
      assertThat(chain.mountData()).contains("upperdir=" + d.diffPath(id("app"))).contains("l/" + webLink);
      assertThat(chain.fitsPage()).isTrue();

      List<OverlayMount> mounts = OverlayMount.list(d);
      assertThat(mounts).singleElement().satisfies(m -> {
        assertThat(m.layer()).isEqualTo(id("container"));
        assertThat(m.refCount()).isEqualTo(1);
        assertThat(m.lowerCount()).isEqualTo(3);
        assertThat(MountInfo.isMountPoint(m.mountPoint())).isTrue();
      });

      List<DiffEntry> diff = DiffListing.of(d, id("python"), Progress.NONE, Cancel.NEVER);
      assertThat(diff).filteredOn(e -> e.path().equals("etc/motd")).singleElement()
          .satisfies(e -> assertThat(e.change()).isEqualTo(Change.DELETED));
      assertThat(diff).filteredOn(e -> e.path().equals("var/cache/apt")).singleElement()
          .satisfies(e -> assertThat(e.opaque()).isTrue());
      assertThat(diff).filteredOn(e -> e.path().equals("usr/bin/python3")).singleElement()
          .satisfies(e -> assertThat(e.change()).isEqualTo(Change.ADDED));
      assertThat(DiffListing.of(d, id("tools"), Progress.NONE, Cancel.NEVER))
          .filteredOn(e -> e.path().equals("etc/passwd")).singleElement()
          .satisfies(e -> assertThat(e.change()).isEqualTo(Change.MODIFIED));

      assertThat(PathSearch.find(d, "/etc/passwd", Cancel.NEVER)).containsExactlyInAnyOrder(
          new PathHit(id("base"), "/etc/passwd", Change.ADDED), new PathHit(id("tools"), "/etc/passwd",
              Change.MODIFIED));
      assertThat(PathSearch.find(d, "etc//motd/", Cancel.NEVER)).containsExactlyInAnyOrder(
          new PathHit(id("base"), "/etc/motd", Change.ADDED), new PathHit(id("python"), "/etc/motd",
              Change.DELETED));
      assertThatThrownBy(() -> PathSearch.find(d, "../etc", Cancel.NEVER))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(Preview.text(d, id("base"), "etc/os-release")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("NAME="));
      assertThat(Preview.text(d, id("base"), "bin/sh")).isEmpty();

      // python's merged view: 25 paths (etc/motd whited out, the old apt cache behind an opaque dir) + its root
      IdMappings shifted = IdMappings.parse("0:100000:65536", "0:100000:65536");
      assertThat(IdMapPreview.of(d, id("python"), IdMappings.IDENTITY, shifted, Cancel.NEVER))
          .isEqualTo(new IdMapPreview(26, 26));
      assertThat(IdMapPreview.of(d, id("python"), IdMappings.IDENTITY, IdMappings.IDENTITY, Cancel.NEVER))
          .isEqualTo(new IdMapPreview(26, 0));
    }
  }

  private static LayerRow row(Inventory inv, String name) {
    return inv.layers().stream().filter(r -> r.id().equals(id(name))).findFirst().orElseThrow();
  }
}
