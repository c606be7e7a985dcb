package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.natives.Syscalls;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of hostile tars: each is refused, and nothing outside (nor inside) the target changes. */
class HostileTarTest {
  @BeforeEach
  void root() {
    Root.require();
  }

  /** Each case gets the absolute path of the outside dir, to aim at it. */
  static Stream<Arguments> refused() {
    return Stream.of(
        c("dot-dot file", o -> new RawTar().file("../outside/pwned", "x")),
        c("dot-dot inside a path", o -> new RawTar().dir("a").file("a/../../outside/pwned", "x")),
        c("dot-dot dir", o -> new RawTar().dir("../outside/newdir")),
        c("symlink escaping with ..", o -> new RawTar().symlink("esc", "../outside")),
        c("write through planted absolute symlink",
            o -> new RawTar().symlink("evil", o).file("evil/pwned", "x")),
        c("dir through planted symlink", o -> new RawTar().symlink("evil", o).dir("evil/sub")),
        c("chmod through planted symlink",
            o -> new RawTar().symlink("evil", o).entry("evil/secret", '0', 04777, new byte[0], "", Map.of())),
        c("hardlink to outside with ..", o -> new RawTar().hardlink("hl", "../outside/secret")),
        c("hardlink through planted symlink",
            o -> new RawTar().symlink("evil", o).hardlink("hl", "evil/secret")),
        c("hardlink to absolute outside path (missing inside)", o -> new RawTar().hardlink("hl", o + "/secret")),
        c("hardlink to a directory", o -> new RawTar().dir("d").hardlink("hl", "d")),
        c("whiteout of ..", o -> new RawTar().file(".wh..", "")),
        c("whiteout of .. in a subdir", o -> new RawTar().dir("d").file("d/.wh..", "")),
        c("path through a file", o -> new RawTar().file("f", "x").file("f/pwned", "x")),
        c("duplicate path", o -> new RawTar().file("dup", "1").file("./dup", "2")),
        c("root replaced by a file", o -> new RawTar().file("./", "x")),
        c("fifo through planted symlink",
            o -> new RawTar().symlink("evil", o).raw(RawTar.header("evil/fifo", '6', 0644, 0, 0, 0, 0, "", 0, 0),
                new byte[0])),
        c("xattr through planted symlink", o -> new RawTar().symlink("evil", o)
            .entry("evil/secret", '0', 0644, new byte[0], "", RawTar.pax("SCHILY.xattr.user.pwn", "1"))),
        c("a worker's write fails (bad capability), after valid entries", o -> {
          RawTar t = new RawTar().dir("new");
          for (int i = 0; i < 40; i++) {
            t.file("new/f" + i, "data " + i);
          }
          return t.entry("new/cap", '0', 0755, "x".getBytes(StandardCharsets.UTF_8), "",
              RawTar.pax("SCHILY.xattr.security.capability", "not a capability")).file("later", "l");
        }),
        c("hardlink re-owning an old entry, then an escape", o -> new RawTar()
            .entry("h", '1', 04777, 4242, 4242, 5, new byte[0], "keep", Map.of()).file("../outside/pwned", "x")),
        c("Latin-1 dir, then .. out of it", o -> new RawTar().dir("caf\uDCE9")
            .file("caf\uDCE9/../../outside/pwned", "x")),
        c("write through a planted symlink with a Latin-1 name",
            o -> new RawTar().symlink("caf\uDCE9", o).file("caf\uDCE9/pwned", "x")),
        c("Latin-1 symlink target escaping with ..", o -> new RawTar().symlink("s\uDCFF", "../outside/\uDCE9")),
        c("hardlink out through a Latin-1 dir", o -> new RawTar().dir("d\uDCE9")
            .hardlink("hl", "d\uDCE9/../../outside/secret")),
        c("duplicate Latin-1 path", o -> new RawTar().file("caf\uDCE9", "1").file("./caf\uDCE9/", "2")),
        c("whiteout of .. in a Latin-1 dir", o -> new RawTar().dir("d\uDCE9").file("d\uDCE9/.wh..", "")),
        c("valid entries, then an escape", o -> new RawTar().dir("new").file("new/f", "data").file("keep", "new")
            .symlink("kd/s", "x").file("../outside/pwned", "x")));
  }

  private static Arguments c(String name, Function<String, RawTar> tar) {
    return Arguments.of(name, tar);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedWithNothingChanged(String name, Function<String, RawTar> tar) throws IOException {
    try (Scratch s = Scratch.create("hostile")) {
      Path target = setUp(s);
      Map<String, String> before = TreeSnapshot.of(s.path());
      byte[] bytes = tar.apply(s.resolve("outside").toString()).bytes();
      assertThatThrownBy(() -> apply(bytes, target))
          .isInstanceOf(IOException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThat(TreeSnapshot.of(s.path())).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenStreamRefusedWithOffset(String name, byte[] bytes, long offset) throws IOException {
    try (Scratch s = Scratch.create("broken")) {
      Path target = setUp(s);
      Map<String, String> before = TreeSnapshot.of(s.path());
      assertThatThrownBy(() -> apply(bytes, target))
          .isInstanceOf(TarFormatException.class)
          .hasMessageContaining("offset " + offset);
      assertThat(TreeSnapshot.of(s.path())).isEqualTo(before);
    }
  }

  static Stream<Arguments> broken() {
    RawTar ok = new RawTar().dir("new").file("new/a", "a".repeat(1000)).file("keep", "replaced");
    byte[] body = ok.body();
    byte[] corrupt = ok.bytes();
    corrupt[2048 + 10] ^= 0x55; // the name field of the header of keep
    byte[] bigPax = new RawTar().file("x", "x")
        .entry("y", '0', 0644, new byte[0], "", RawTar.pax("comment", "z".repeat(2 << 20))).bytes();
    return Stream.of(
        Arguments.of("truncated inside data", Arrays.copyOf(body, 512 + 512 + 700), 1724),
        Arguments.of("truncated inside a header", Arrays.copyOf(body, 2048 + 100), 2048),
        Arguments.of("corrupt checksum", corrupt, 2048),
        Arguments.of("oversized PAX record", bigPax, 1024));
  }

  @org.junit.jupiter.api.Test
  void cancelledApplyLeavesTargetAsItWas() throws IOException {
    try (Scratch s = Scratch.create("cancel")) {
      Path target = setUp(s);
      Map<String, String> before = TreeSnapshot.of(s.path());
      RawTar t = new RawTar().file("keep", "replaced").dir("kd").file("kd/new", "n");
      for (int i = 0; i < 50; i++) {
        t.file("f" + i, "content " + i);
      }
      Cancel cancel = Cancel.create();
      Progress stopAt10 = (bytes, entries) -> {
        if (entries == 10) {
          cancel.cancel();
        }
      };
      assertThatThrownBy(() -> TarApply.apply(new ByteArrayInputStream(t.bytes()), target, ApplyOptions.overlay(),
          stopAt10, cancel)).isInstanceOf(Cancel.Cancelled.class);
      assertThat(TreeSnapshot.of(s.path())).isEqualTo(before);
    }
  }

  @org.junit.jupiter.api.Test
  void absoluteNamesStayInsideTheTarget() throws IOException {
    try (Scratch s = Scratch.create("abs")) {
      Path target = setUp(s);
      Path outside = s.resolve("outside");
      Map<String, String> before = TreeSnapshot.of(outside);
      apply(new RawTar().file(outside + "/secret", "inside").file("/../../x", "y").bytes(), target);
      assertThat(TreeSnapshot.of(outside)).isEqualTo(before);
      assertThat(Files.readString(target.resolve(outside.toString().substring(1)).resolve("secret")))
          .isEqualTo("inside");
      assertThat(Files.readString(target.resolve("x"))).isEqualTo("y");
    }
  }

  @org.junit.jupiter.api.Test
  void plantedSymlinkIsReplacedNotWrittenThrough() throws IOException {
    try (Scratch s = Scratch.create("planted")) {
      Path target = setUp(s);
      Path outside = s.resolve("outside");
      Files.createSymbolicLink(target.resolve("s"), outside.resolve("secret"));
      Files.createSymbolicLink(target.resolve("sd"), outside);
      Map<String, String> before = TreeSnapshot.of(outside);
      apply(new RawTar().entry("s", '0', 04777, "mine".getBytes(StandardCharsets.UTF_8), "", Map.of())
          .dir("sd").file("sd/f", "x").bytes(), target);
      assertThat(TreeSnapshot.of(outside)).isEqualTo(before);
      assertThat(Files.readString(target.resolve("s"))).isEqualTo("mine");
      assertThat(Files.isSymbolicLink(target.resolve("sd"))).isFalse();
    }
  }

  @org.junit.jupiter.api.Test
  void hardlinkToSymlinkPointingOutsideChangesNothingOutside() throws IOException {
    try (Scratch s = Scratch.create("hlsym")) {
      Path target = setUp(s);
      Path outside = s.resolve("outside");
      Map<String, String> before = TreeSnapshot.of(outside);
      apply(new RawTar().symlink("s", outside + "/secret")
          .entry("h", '1', 07777, 0, 0, 5, new byte[0], "s", Map.of()).bytes(), target);
      assertThat(TreeSnapshot.of(outside)).isEqualTo(before);
      assertThat(Files.isSymbolicLink(target.resolve("h"))).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void fileAfterItsWhiteoutReplacesTheWhiteoutAsGoDoes() throws IOException {
    try (Scratch s = Scratch.create("whfile")) {
      Path target = setUp(s);
      apply(new RawTar().dir("d").file("d/.wh.x", "").file("d/x", "back").bytes(), target);
      assertThat(Files.readString(target.resolve("d/x"))).isEqualTo("back");
    }
  }

  private static Path setUp(Scratch s) throws IOException {
    Path outside = Files.createDirectories(s.resolve("outside/dir"));
    Files.writeString(outside.resolve("inner"), "inner");
    Files.writeString(s.resolve("outside/secret"), "secret");
    Syscalls.chmod(s.resolve("outside/secret"), 0600);
    Path target = Files.createDirectories(s.resolve("target/kd")).getParent();
    Files.writeString(target.resolve("keep"), "keep");
    Files.writeString(target.resolve("kd/old"), "old");
    Syscalls.lsetxattr(target.resolve("kd"), "user.k", new byte[] {1, 2}, 0);
    Syscalls.lutimes(target.resolve("kd"), 1_000_000_000_000_000_000L, 1_000_000_000_123_456_789L);
    Syscalls.lutimes(target, 1_000_000_000_000_000_000L, 1_100_000_000_000_000_000L);
    return target;
  }

  private static long apply(byte[] bytes, Path target) throws IOException {
    return TarApply.apply(new ByteArrayInputStream(bytes), target, ApplyOptions.overlay(), Progress.NONE,
        Cancel.NEVER);
  }
}
