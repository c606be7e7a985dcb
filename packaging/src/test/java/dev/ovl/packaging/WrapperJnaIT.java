package dev.ovl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The checkout's {@code ./ovl} loads JNA's library unpacked once per build next to the class-data archive. */
class WrapperJnaIT {
  private static final Path TOP = Run.TARGET.toAbsolutePath().getParent().getParent();
  private static final Pattern LOADED = Pattern.compile("file=(\\S*libjnidispatch\\S*) .*dynamically loaded");

  @Test
  void loadsOnlyTheLibraryUnpackedFromTheJarOnItsClassPath() throws Exception {
    Path jar = jnaJar();
    Path lib = TOP.resolve("core/target").resolve(jar.getFileName().toString().replace(".jar", ""))
        .resolve("libjnidispatch.so");
    assertThat(loadedBy(statusRun())).containsExactly(lib.toString());
    assertThat(Files.readAllBytes(lib)).isEqualTo(jarEntry(jar));
  }

  @Test
  void aLibraryOlderThanTheJarIsUnpackedAgain() throws Exception {
    Path jar = jnaJar();
    Path lib = TOP.resolve("core/target").resolve(jar.getFileName().toString().replace(".jar", ""))
        .resolve("libjnidispatch.so");
    statusRun();
    Path stale = lib.resolveSibling("stale.tmp");
    Files.write(stale, new byte[] {0x7f, 'E', 'L', 'F'});
    Files.setLastModifiedTime(stale, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 86_400_000L));
    Files.move(stale, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(loadedBy(statusRun())).containsExactly(lib.toString());
    assertThat(Files.readAllBytes(lib)).isEqualTo(jarEntry(jar));
  }

  /** {@code OVL_NO_SERVER=1 ./ovl status} on a temp root with the dynamic loader's log on stderr. */
  private static Run statusRun() throws Exception {
    Root.require();
    try (Scratch tmp = Scratch.create("ovl-wrapper-it")) {
      Run r = Run.of(List.of("sh", TOP.resolve("ovl").toString(), "--root", tmp.resolve("root").toString(),
          "--runroot", tmp.resolve("run").toString(), "status"), Map.of("OVL_NO_SERVER", "1", "LD_DEBUG", "files"));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("Home: " + tmp.resolve("root/overlay"));
      return r;
    }
  }

  private static List<String> loadedBy(Run r) {
    Matcher m = LOADED.matcher(r.err());
    return m.results().map(x -> x.group(1)).distinct().toList();
  }

  private static Path jnaJar() throws IOException {
    Assumptions.assumeTrue("amd64".equals(System.getProperty("os.arch")), "the wrapper's JNA path is tested on x86-64");
    try (Stream<Path> jars = Files.list(TOP.resolve("core/target/lib"))) {
      return jars.filter(p -> p.getFileName().toString().matches("jna-[0-9].*\\.jar")).findFirst().orElseThrow();
    }
  }

  private static byte[] jarEntry(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("com/sun/jna/linux-x86-64/libjnidispatch.so"))) {
      return in.readAllBytes();
    }
  }
}
