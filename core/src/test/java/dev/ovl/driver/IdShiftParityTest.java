package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.Views;
import dev.ovl.testing.RandomLayers;
import dev.ovl.testing.Root;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UpdateLayerIDMap on seeded random layers: afterwards the layer shows the same tree with every owner moved by
 * the maps, and nothing else changed; its parent shows what it showed before.
 */
class IdShiftParityTest {
  /** More with -Dovl.randomLayers=N when hunting. */
  private static final int SEEDS = Integer.getInteger("ovl.randomLayers", 6);
  private static final IdMappings TO_HOST = IdMappings.parse("0:100000:65536", "0:200000:65536");

  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void shiftingMovesEveryOwnerAndNothingElse() throws IOException {
    try (DriverFixture f = DriverFixture.create("idshift-parity")) {
      LayerContents lc = LayerContents.of(f.driver);
      for (int seed = 1; seed <= SEEDS; seed++) {
        Random r = new Random(300 + seed);
        RandomLayers.Node base = RandomLayers.base(r);
        String b = "base" + seed;
        String c = "child" + seed;
        f.driver.create(b, null, CreateOpts.DEFAULT);
        apply(lc, b, null, RandomLayers.tar(base, r));
        f.driver.create(c, b, CreateOpts.DEFAULT);
        apply(lc, c, b, RandomLayers.tar(RandomLayers.change(r, base, true), r));
        SortedMap<String, String> parentBefore = Views.ovl(f.driver, b);
        SortedMap<String, String> before = Views.ovl(f.driver, c);
        lc.updateLayerIdMap(c, IdMappings.IDENTITY, TO_HOST, Progress.NONE, Cancel.NEVER);
        assertThat(Views.ovl(f.driver, c)).as("seed %d", seed).isEqualTo(shifted(before));
        assertThat(Views.ovl(f.driver, b)).as("the parent, seed %d", seed).isEqualTo(parentBefore);
      }
    }
  }

  /** {@code view} with each "uid:gid" field mapped to the host. */
  private static SortedMap<String, String> shifted(Map<String, String> view) {
    SortedMap<String, String> out = new TreeMap<>();
    view.forEach((path, v) -> {
      String[] f = v.split(" ", 4);
      String[] owner = f[2].split(":");
      f[2] = TO_HOST.uidToHost(Long.parseLong(owner[0])) + ":" + TO_HOST.gidToHost(Long.parseLong(owner[1]));
      out.put(path, String.join(" ", f));
    });
    return out;
  }

  private static void apply(LayerContents lc, String id, String parent, byte[] tar) throws IOException {
    lc.applyDiff(id, parent, IdMappings.IDENTITY, new ByteArrayInputStream(tar), Progress.NONE, Cancel.NEVER);
  }
}
