package dev.ovl.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.idtools.IdMappings;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** Additional image stores: layers found read-only in other stores' {@code overlay/} dirs, for Get, Metadata and Diff. */
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
  void diffAndChangesOfAChildWhoseParentIsInAnImageStore() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("imagestore-diff")) {
      Path images = Files.createDirectories(s.resolve("images"));
      try (OverlayDriver img = OverlayDriver.init(images.resolve("overlay"), s.resolve("images-run/overlay"),
          List.of(), IdMappings.IDENTITY)) {
        DriverChainTest.chain(img, 1);
      }
      try (OverlayDriver d = OverlayDriver.init(Files.createDirectories(s.resolve("root")).resolve("overlay"),
          s.resolve("run/overlay"), List.of("overlay.imagestore=" + images), IdMappings.IDENTITY)) {
        LayerContents c = LayerContents.of(d);
        d.createReadWrite("container", "layer-001", CreateOpts.DEFAULT);
        Path m = d.get("container", MountOpts.DEFAULT);
        try {
          Files.delete(m.resolve("f-0"));
          Files.writeString(m.resolve("new"), "new");
        } finally {
          d.put("container");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.diff("container", IdMappings.IDENTITY, "layer-001", IdMappings.IDENTITY, out, Progress.NONE, Cancel.NEVER);
        assertThat(names(out.toByteArray())).containsExactlyInAnyOrder(".wh.f-0", "new");
        assertThat(c.changes("container", IdMappings.IDENTITY, "layer-001", IdMappings.IDENTITY, Progress.NONE,
            Cancel.NEVER)).extracting(Object::toString).containsExactlyInAnyOrder("D /f-0", "A /new");
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

  private static List<String> names(byte[] tar) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        out.add(e.getName());
      }
    }
    return out;
  }
}
