package dev.ovl.idtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdMappingsTest {
  @Test
  void parsesAndTranslatesBothWays() {
    IdMappings m = IdMappings.parse("0:100000:1000,1000:1000:1", "0:200000:65536");
    assertThat(m.rootUid()).isEqualTo(100000);
    assertThat(m.rootGid()).isEqualTo(200000);
    assertThat(m.uidToHost(999)).isEqualTo(100999);
    assertThat(m.uidToHost(1000)).isEqualTo(1000);
    assertThat(m.uidToContainer(100005)).isEqualTo(5);
    assertThat(m.gidToContainer(265535)).isEqualTo(65535);
  }

  @Test
  void identityWhenEmpty() {
    assertThat(IdMappings.IDENTITY.rootUid()).isZero();
    assertThat(IdMappings.IDENTITY.uidToHost(4242)).isEqualTo(4242);
  }

  @Test
  void badMapsAreRejected() {
    assertThatThrownBy(() -> IdMappings.parseMap("0:1")).hasMessageContaining("containerID:hostID:size");
    assertThatThrownBy(() -> IdMappings.parseMap("a:1:1")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> IdMappings.parseMap("0:1:0")).hasMessageContaining("size > 0");
    assertThatThrownBy(() -> IdMappings.parseMap("-1:1:1")).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> IdMappings.parseMap("0:4294967295:2")).hasMessageContaining("4294967295");
    assertThatThrownBy(() -> IdMappings.parse("0:1000:10,5:5000:10", ""))
        .hasMessageContaining("overlap inside the container");
    assertThatThrownBy(() -> IdMappings.parse("0:1000:10,100:1005:10", ""))
        .hasMessageContaining("overlap on the host");
    assertThatThrownBy(() -> IdMappings.parse("1:1000:10", "").rootUid()).hasMessageContaining("not mapped");
  }

  @Test
  void randomNonOverlappingMapsRoundTrip() {
    Random r = new Random(20261128L);
    for (int trial = 0; trial < 500; trial++) {
      int ranges = 1 + r.nextInt(4);
      long c = r.nextInt(1000);
      long h = 100000 + r.nextInt(1000);
      StringBuilder spec = new StringBuilder();
      for (int i = 0; i < ranges; i++) {
        long size = 1 + r.nextInt(5000);
        spec.append(i == 0 ? "" : ",").append(c).append(':').append(h).append(':').append(size);
        c += size + r.nextInt(100);
        h += size + r.nextInt(100);
      }
      List<IdMap> maps = IdMappings.parseMap(spec.toString());
      IdMappings m = new IdMappings(maps, maps);
      assertThat(IdMappings.format(maps)).isEqualTo(spec.toString());
      for (IdMap range : maps) {
        long id = range.containerId() + r.nextInt((int) range.size());
        assertThat(m.uidToContainer(m.uidToHost(id))).isEqualTo(id);
      }
    }
  }
}
