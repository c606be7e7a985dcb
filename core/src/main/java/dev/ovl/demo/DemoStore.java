package dev.ovl.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Mounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A small store for trying the inspector on a machine without one: images sharing base layers, a mounted
 * container layer, a chain with a missing {@code l/} link and a layer with whiteouts. Needs root (it mounts).
 * {@link #close()} unmounts and deletes it.
 */
public final class DemoStore implements AutoCloseable {
  /** The demo's layers, in creation order. */
  public static final List<String> LAYERS = List.of("base", "tools", "python", "web", "app", "container");

  private final Path dir;

  private DemoStore(Path dir) {
    this.dir = dir;
  }

  public Path root() {
    return dir.resolve("root");
  }

  public Path runRoot() {
    return dir.resolve("run");
  }

  /** The layer id of demo layer {@code name}: a stable hash, so tests and screenshots can name it. */
  public static String id(String name) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(("ovl-demo/" + name).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds the demo in a new directory under {@code parent}. */
  public static DemoStore create(Path parent) throws IOException {
    Files.createDirectories(parent);
    DemoStore s = new DemoStore(Files.createTempDirectory(parent, "ovl-demo-").toRealPath());
    try {
      s.build();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void build() throws IOException {
    Files.createDirectories(root(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    OverlayDriver d = OverlayDriver.init(root().resolve("overlay"), runRoot().resolve("overlay"), List.of(),
        IdMappings.IDENTITY);
    CreateOpts opts = new CreateOpts(IdMappings.IDENTITY, Map.of());
    layer(d, "base", null, opts, DemoLayers::base);
    layer(d, "tools", "base", opts, DemoLayers::tools);
    layer(d, "python", "tools", opts, DemoLayers::python);
    layer(d, "web", "base", opts, DemoLayers::web);
    layer(d, "app", "web", opts, DemoLayers::app);
    d.createReadWrite(id("container"), id("python"), opts);
    DemoLayers.container(d.diffPath(id("container")));
    d.get(id("container"), MountOpts.DEFAULT);
    String webLink = d.layer(id("web")).link().orElseThrow();
    Files.delete(d.home().resolve("l").resolve(webLink));
    writeMetadata();
  }

  private static void layer(OverlayDriver d, String name, String parent, CreateOpts opts, Fill fill)
      throws IOException {
    d.create(id(name), parent == null ? null : id(parent), opts);
    fill.accept(d.diffPath(id(name)));
  }

  /** Writes one layer's files. */
  private interface Fill {
    void accept(Path diff) throws IOException;
  }

  /** images.json and containers.json as containers/storage writes them, so the layers get names. */
  private void writeMetadata() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> images = List.of(
        image("base", "localhost/demo/base:1"),
        image("python", "localhost/demo/python:3.11"),
        image("web", "localhost/demo/web:latest"),
        image("app", "localhost/demo/app:1.0"));
    List<Map<String, Object>> containers = List.of(Map.of("id", id("ctr-py-shell"), "names", List.of("py-shell"),
        "image", id("img-python"), "layer", id("container"), "metadata", "", "created", "2026-01-01T00:00:00Z"));
    Files.createDirectories(root().resolve("overlay-images"));
    Files.createDirectories(root().resolve("overlay-containers"));
    json.writeValue(root().resolve("overlay-images/images.json").toFile(), images);
    json.writeValue(root().resolve("overlay-containers/containers.json").toFile(), containers);
  }

  private static Map<String, Object> image(String layer, String name) {
    return Map.of("id", id("img-" + layer), "names", List.of(name), "layer", id(layer), "metadata", "",
        "created", "2026-01-01T00:00:00Z");
  }

  /** Unmounts everything under the demo and deletes it. */
  @Override
  public void close() throws IOException {
    Mounts.unmountAllUnder(dir);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
