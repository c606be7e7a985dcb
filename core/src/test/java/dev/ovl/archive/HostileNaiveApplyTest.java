package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.LayerContents;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.Views;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus applied through a mounted layer (the naive path: not the direct parent), over a parent whose
 * dirs come from a lower layer: each tar is refused, the layer shows what it showed, and nothing outside changes.
 */
class HostileNaiveApplyTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ovl.archive.HostileTarTest#refused")
  void refusedThroughTheMountWithNothingChanged(String name, Function<String, RawTar> tar) throws IOException {
    try (Scratch s = Scratch.create("hostile-naive");
        OverlayDriver d = OverlayDriver.init(Files.createDirectories(s.resolve("root")).resolve("overlay"),
            s.resolve("run/overlay"), List.of(), IdMappings.IDENTITY)) {
      Path outside = Files.createDirectories(s.resolve("outside/dir"));
      Files.writeString(outside.resolve("inner"), "inner");
      Files.writeString(s.resolve("outside/secret"), "secret");
      LayerContents lc = LayerContents.of(d);
      d.create("base", null, CreateOpts.DEFAULT);
      apply(lc, "base", new RawTar().dir("kd").file("kd/old", "old").file("keep", "keep").dir("d")
          .dir("d/sub").file("d/sub/f", "f").bytes());
      d.create("top", "base", CreateOpts.DEFAULT);
      Map<String, String> outsideBefore = TreeSnapshot.of(s.resolve("outside"));
      SortedMap<String, String> viewBefore = Views.ovl(d, "top");
      byte[] bytes = tar.apply(s.resolve("outside").toString()).bytes();
      assertThatThrownBy(() -> apply(lc, "top", bytes)).isInstanceOf(IOException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThat(TreeSnapshot.of(s.resolve("outside"))).isEqualTo(outsideBefore);
      assertThat(Views.ovl(d, "top")).isEqualTo(viewBefore);
      assertThat(d.mountCount("top")).isZero();
    }
  }

  private static void apply(LayerContents lc, String id, byte[] tar) throws IOException {
    lc.applyDiff(id, null, IdMappings.IDENTITY, new ByteArrayInputStream(tar), Progress.NONE, Cancel.NEVER);
  }
}
