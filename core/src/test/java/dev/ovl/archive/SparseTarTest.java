package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.interop.GoStorage;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GNU sparse files in PAX archives, as {@code tar --sparse --format=posix} writes them, and broken sparse maps. */
class SparseTarTest {
  @ParameterizedTest(name = "sparse format {0}")
  @ValueSource(strings = {"0.0", "0.1", "1.0"})
  void gnuTarSparseFilesApplyAsTheGoPeerAppliesThem(String version) throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("sparse")) {
      Path src = Files.createDirectory(s.resolve("src"));
      sparse(src.resolve("holes"), 10 << 20, Map.of(0L, "head", 5_000_000L, "middle", (10L << 20) - 3, "end"));
      sparse(src.resolve("all-hole"), 3 << 20, Map.of());
      sparse(src.resolve("ends-in-hole"), 1 << 20, Map.of(4096L, "data"));
      Files.writeString(src.resolve("plain"), "plain\n");
      Path tar = s.resolve("layer.tar");
      run("tar", "--format=posix", "--sparse", "--sparse-version=" + version, "-cf", tar.toString(), "-C",
          src.toString(), ".");

      Path target = Files.createDirectory(s.resolve("target"));
      long size;
      try (var in = Files.newInputStream(tar)) {
        size = TarApply.apply(in, target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      }
      GoStorage go = GoStorage.on(s.resolve("go"), s.resolve("gorun"));
      go.createLayer("l", null);
      go.applyDiff("l", tar);
      Path goDiff = go.home().resolve("l/diff");
      for (String name : List.of("holes", "all-hole", "ends-in-hole", "plain")) {
        assertThat(Files.mismatch(target.resolve(name), src.resolve(name))).as(name).isEqualTo(-1L);
        assertThat(Files.mismatch(target.resolve(name), goDiff.resolve(name))).as(name).isEqualTo(-1L);
      }
      assertThat(size).isEqualTo(Long.parseLong(go.run(List.of("diffsize", "l")).strip()));
      // The holes stay holes: a few blocks for 14 MiB of file.
      assertThat(Long.parseLong(run("du", "-sk", target.toString()).split("\\s")[0])).isLessThan(64);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"overlapping", "beyond the size", "numblocks mismatch", "more data than the map",
      "negative offset", "unterminated 1.0 map", "sparse directory"})
  void brokenSparseMapsAreRefusedWithNothingWritten(String kind) throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("sparse-bad")) {
      Path target = Files.createDirectory(s.resolve("target"));
      Files.writeString(target.resolve("keep"), "keep");
      byte[] data = "abcdefgh".getBytes(StandardCharsets.UTF_8);
      Map<String, String> pax = new LinkedHashMap<>();
      pax.put("GNU.sparse.size", "100");
      pax.put("GNU.sparse.numblocks", "2");
      char type = '0';
      switch (kind) {
        case "overlapping" -> pax.put("GNU.sparse.map", "0,4,2,4");
        case "beyond the size" -> pax.put("GNU.sparse.map", "0,4,98,4");
        case "numblocks mismatch" -> pax.put("GNU.sparse.map", "0,8");
        case "more data than the map" -> pax.put("GNU.sparse.map", "0,2,10,2");
        case "negative offset" -> pax.put("GNU.sparse.map", "-4,4,10,4");
        case "unterminated 1.0 map" -> {
          pax.clear();
          pax.put("GNU.sparse.major", "1");
          pax.put("GNU.sparse.minor", "0");
          pax.put("GNU.sparse.realsize", "100");
          data = "3\n0\n".getBytes(StandardCharsets.UTF_8);
        }
        case "sparse directory" -> {
          pax.put("GNU.sparse.map", "0,4,10,4");
          type = '5';
          data = new byte[0];
        }
        default -> throw new IllegalArgumentException(kind);
      }
      Map<String, byte[]> records = new LinkedHashMap<>();
      pax.forEach((k, v) -> records.put(k, v.getBytes(StandardCharsets.UTF_8)));
      byte[] tar = new RawTar().file("first", "1").entry("sparse", type, 0644, data, "", records).bytes();
      assertThatThrownBy(() -> TarApply.apply(new ByteArrayInputStream(tar), target, ApplyOptions.overlay(),
          Progress.NONE, Cancel.NEVER))
          .isInstanceOf(TarFormatException.class)
          .hasMessageContaining("offset 2048")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      try (var list = Files.list(target)) {
        assertThat(list.map(p -> p.getFileName().toString())).containsExactly("keep");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void anUnknownSparseVersionIsAnOrdinaryFileAsForGo() throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("sparse-v2")) {
      Path target = Files.createDirectory(s.resolve("target"));
      Map<String, byte[]> records = new LinkedHashMap<>();
      records.put("GNU.sparse.major", "2".getBytes(StandardCharsets.UTF_8));
      records.put("GNU.sparse.minor", "0".getBytes(StandardCharsets.UTF_8));
      records.put("GNU.sparse.map", "0,4".getBytes(StandardCharsets.UTF_8));
      byte[] tar = new RawTar().entry("f", '0', 0644, "raw data".getBytes(StandardCharsets.UTF_8), "", records)
          .bytes();
      TarApply.apply(new ByteArrayInputStream(tar), target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      assertThat(Files.readString(target.resolve("f"))).isEqualTo("raw data");
    }
  }

  private static void sparse(Path file, long size, Map<Long, String> writes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
      for (Map.Entry<Long, String> w : writes.entrySet()) {
        f.seek(w.getKey());
        f.write(w.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }
}
