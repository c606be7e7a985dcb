package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Additional image stores: layers found read-only in other stores' {@code overlay/} dirs. */
class ImageStoreTest {
  private static OverlayDriver driver(Path root, Path run, String... options) throws Exception {
    Files.createDirectories(root);
    return OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"), List.of(options),
        IdMappings.IDENTITY);
  }

  @Test
  void childInTheMainStoreHasItsParentInAnImageStore() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("imagestore")) {
      Path images = s.resolve("images");
      Path empty = Files.createDirectories(s.resolve("empty-store"));
      try (OverlayDriver img = driver(images, s.resolve("images-run"))) {
        List<String> ids = DriverChainTest.chain(img, 2);
        assertThat(ids).containsExactly("layer-000", "layer-001", "layer-002");
      }
      Path imgHome = images.resolve("overlay");
      try (OverlayDriver d = driver(s.resolve("root"), s.resolve("run"),
          "overlay.imagestore=" + empty + "," + images)) {
        assertThat(d.options().imageStores()).containsExactly(empty, images);
        assertThat(d.exists("layer-002")).isTrue();
        assertThat(d.listLayers()).as("image store layers are not the home's").isEmpty();
        assertThat(d.layerDir("layer-002")).isEqualTo(imgHome.resolve("layer-002"));

        d.createReadWrite("container", "layer-002", CreateOpts.DEFAULT);
        assertThat(d.home().resolve("container")).isDirectory();
        assertThat(d.isParent("container", "layer-002")).isTrue();
        assertThat(d.isParent("container", "layer-001")).isFalse();
        assertThat(d.lowerDirs("container")).containsExactly(imgHome.resolve("layer-002/diff"),
            imgHome.resolve("layer-001/diff"), imgHome.resolve("layer-000/diff"));
        Map<String, String> meta = d.metadata("container");
        assertThat(meta.get("UpperDir")).isEqualTo(d.home().resolve("container/diff").toString());
        assertThat(meta.get("LowerDir")).isEqualTo(imgHome.resolve("layer-002/diff") + ":"
            + imgHome.resolve("layer-001/diff") + ":" + imgHome.resolve("layer-000/diff"));
        String imgLink = Files.readString(imgHome.resolve("layer-002/link"));
        assertThat(Files.readString(d.home().resolve("container/lower"))).startsWith("l/" + imgLink + ":");

        Path m = d.get("container", MountOpts.DEFAULT);
        try {
          assertThat(Files.readString(m.resolve("depth"))).isEqualTo("2");
          assertThat(Files.readString(m.resolve("f-0"))).isEqualTo("x0");
          Files.writeString(m.resolve("depth"), "container");
        } finally {
          d.put("container");
        }
        assertThat(Files.readString(d.diffPath("container").resolve("depth"))).isEqualTo("container");
        assertThat(Files.readString(imgHome.resolve("layer-002/diff/depth"))).as("image store untouched")
            .isEqualTo("2");

        Path ro = d.get("layer-001", MountOpts.readOnly());
        try {
          assertThat(ro).isEqualTo(imgHome.resolve("layer-001/merged"));
          assertThat(Files.readString(ro.resolve("depth"))).isEqualTo("1");
        } finally {
          d.put("layer-001");
        }
        d.remove("container");
        assertThat(imgHome.resolve("layer-002")).isDirectory();
      }
    }
  }

  @Test
  void badImageStorePathsGiveTheReferencesErrors() throws Exception {
    try (Scratch s = Scratch.create("imagestore-bad")) {
      Path file = Files.writeString(s.resolve("a-file"), "x");
      assertThatThrownBy(() -> DriverOptions.parse(List.of("overlay.imagestore=relative/store")))
          .hasMessage("overlay: image path \"relative/store\" is not absolute.  Can not be relative");
      assertThatThrownBy(() -> DriverOptions.parse(List.of("overlay.imagestore=" + s.resolve("missing"))))
          .hasMessage("overlay: can't stat imageStore dir " + s.resolve("missing") + ": no such file or directory");
      assertThatThrownBy(() -> DriverOptions.parse(List.of("overlay.imagestore=" + file)))
          .hasMessage("overlay: image path \"" + file + "\" must be a directory");
      assertThat(DriverOptions.parse(List.of("overlay.additionalimagestore=" + s.path() + "/./x/..")).imageStores())
          .containsExactly(s.path());
      assertThat(DriverOptions.parse(List.of("overlay.imagestore=")).imageStores()).isEmpty();
    }
  }
}
