package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovl.driver.LayerContents;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.GoStorage;
import dev.ovl.natives.RawNames;
import dev.ovl.testing.RandomLayers;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ovl's DiffGetter serves what a stored tar-split needs: with the tar-split the Go peer stored when it applied a
 * tar, its layer read through ovl's driver, and the same tar applied by ovl in its own store, both rebuild the
 * tar byte for byte.
 */
class TarSplitRebuildTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Files the tar-splits named by raw bytes (names that are not UTF-8). */
  private int rawNames;

  @BeforeEach
  void root() {
    Root.require();
  }

  @Test
  void goTarSplitsRebuildTheirTarsThroughOvlsDiffGetter() throws Exception {
    try (Scratch s = Scratch.create("tar-split")) {
      List<byte[]> tars = new ArrayList<>();
      Path src = Files.createDirectories(s.resolve("src"));
      Trees.everyType(src);
      tars.add(RoundTripTest.export(src, IdMappings.IDENTITY, List.of()));
      tars.add(new RawTar().dir("d\uDCE9").file("d\uDCE9/caf\uDCE9", "Latin-1 names: name_raw").bytes());
      for (int seed = 1; seed <= 4; seed++) {
        Random r = new Random(seed);
        tars.add(RandomLayers.tar(RandomLayers.base(r), r));
      }
      GoStorage go = GoStorage.on(s.resolve("go-root"), s.resolve("go-run"));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < tars.size(); i++) {
        String id = String.format("%064x", i + 1);
        go.createLayer(id, null);
        go.applyDiff(id, Files.write(s.resolve(i + ".tar"), tars.get(i)));
        ids.add(id);
      }
      // the Go store read by ovl's driver, and the same tars applied by ovl in its own store
      try (OverlayDriver onGo = OverlayDriver.init(go.home(), go.runHome(), List.of(), IdMappings.IDENTITY);
          OverlayDriver own = OverlayDriver.init(Files.createDirectories(s.resolve("ovl-root")).resolve("overlay"),
              s.resolve("ovl-run/overlay"), List.of(), IdMappings.IDENTITY)) {
        LayerContents fromGo = LayerContents.of(onGo);
        LayerContents mine = LayerContents.of(own);
        for (int i = 0; i < tars.size(); i++) {
          own.create(ids.get(i), null, null);
          mine.applyDiff(ids.get(i), null, IdMappings.IDENTITY, new ByteArrayInputStream(tars.get(i)),
              Progress.NONE, Cancel.NEVER);
          Path split = go.root().resolve("overlay-layers/" + ids.get(i) + ".tar-split.gz");
          assertThat(rebuild(split, fromGo, ids.get(i))).as("Go's layer, tar %d", i).isEqualTo(tars.get(i));
          assertThat(rebuild(split, mine, ids.get(i))).as("ovl's layer, tar %d", i).isEqualTo(tars.get(i));
        }
      }
      assertThat(rawNames).as("the Latin-1 file, once per rebuild").isEqualTo(2);
    }
  }

  /** The tar a tar-split describes: its raw segments, and each file's bytes from the layer through DiffGetter. */
  private byte[] rebuild(Path split, LayerContents lc, String id) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(split)),
        StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode e = JSON.readTree(line);
        if (e.path("type").asInt() == 2) {
          out.writeBytes(Base64.getDecoder().decode(e.path("payload").asText()));
        } else if (e.path("size").asLong() > 0) {
          String name = e.path("name").asText();
          if (e.has("name_raw")) {
            name = RawNames.decode(Base64.getDecoder().decode(e.path("name_raw").asText()));
            rawNames++;
          }
          try (InputStream in = lc.diffGetter(id, name)) {
            in.transferTo(out);
          }
        }
      }
    }
    return out.toByteArray();
  }
}
