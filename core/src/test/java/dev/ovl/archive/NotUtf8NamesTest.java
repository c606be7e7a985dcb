package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.natives.RawNames;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A name or link target whose bytes are not UTF-8 (Latin-1 "café", common in old packages) is kept byte for byte,
 * as the Go driver keeps it: GNU tar's own extraction of the same tar is the reference, compared byte by byte.
 */
class NotUtf8NamesTest {
  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource({
    "short name, ustar", "short name, gnu", "short name, posix", "prefixed name, ustar", "prefixed name, gnu",
    "long name, gnu", "long name, posix", "symlink target, gnu", "symlink target, posix",
    "long symlink target, gnu", "long symlink target, posix", "hard link, gnu", "hard link, posix",
    "overlong dots, posix"})
  void appliedAsGnuTarExtractsIt(String what, String format) throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("notutf8")) {
      Path src = Files.createDirectory(s.resolve("src"));
      // ustar splits a long path into its prefix field; a name part over 100 bytes needs gnu's 'L'/'K' record or
      // a PAX record
      String dirs = "d".repeat(60) + "/" + "e".repeat(60);
      String longPart = "f".repeat(120);
      String make = switch (what) {
        case "short name" -> "printf x > \"$(printf 'n\\376')\"";
        case "prefixed name" -> "mkdir -p \"" + dirs + "$(printf '\\351')\" && printf x > \"" + dirs
            + "$(printf '\\351')/$(printf 'n\\377')\"";
        case "long name" -> "printf x > \"" + longPart + "$(printf '\\377')\"";
        case "symlink target" -> "ln -s \"$(printf 't\\376')\" s";
        case "hard link" -> "printf x > \"$(printf 'caf\\351')\" && ln \"$(printf 'caf\\351')\" \"$(printf 'h\\377')\"";
        case "overlong dots" -> "mkdir \"$(printf '\\300\\256\\300\\256')\" && printf x > \"$(printf "
            + "'\\300\\256\\300\\256')/$(printf '\\300\\257')x\"";
        default -> "ln -s \"" + longPart + "$(printf '\\376')\" s";
      };
      Path tar = s.resolve("layer.tar");
      sh("cd \"$1\" && printf ok > ok && " + make + " && tar --format=" + format + " -cf \"$2\" .",
          src.toString(), tar.toString());
      Path target = Files.createDirectories(s.resolve("target"));
      long size;
      try (InputStream in = TarFile.open(tar)) {
        size = TarApply.apply(in, target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      }
      Path byTar = Files.createDirectories(s.resolve("by-tar"));
      sh("tar -xpf \"$1\" -C \"$2\"", tar.toString(), byTar.toString());
      assertThat(listing(target)).isEqualTo(listing(byTar)).contains(what.contains("symlink") ? "\t" : "ok");
      assertThat(TreeSnapshot.of(target)).isEqualTo(TreeSnapshot.of(byTar));
      assertThat(size).isEqualTo(DirSize.of(byTar));

      ByteArrayOutputStream out = new ByteArrayOutputStream(); // and back: the same names in the tar ovl writes
      TarExport.export(target, out, null, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE, Cancel.NEVER);
      Path again = Files.createDirectories(s.resolve("again"));
      sh("tar -xpf - -C \"$1\" < \"$2\"", again.toString(), Files.write(s.resolve("out.tar"), out.toByteArray())
          .toString());
      assertThat(listing(again)).isEqualTo(listing(byTar));
    }
  }

  @Test
  void namesWithEscapesKeepTheSafetyChecks() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("notutf8-safe")) {
      Path target = Files.createDirectories(s.resolve("target"));
      // "..\xe9" and ".\xae" are plain names; C0 AE C0 AE (an overlong "..") is a name, never a step up
      byte[] tar = new RawTar().dir("..\uDCE9").file("..\uDCE9/f", "a").file(".\uDCAE", "b")
          .dir("\uDCC0\uDCAE\uDCC0\uDCAE").file("\uDCC0\uDCAE\uDCC0\uDCAE/\uDCC0\uDCAFx", "c")
          .symlink("l\uDCE9", "..\uDCE9/f").file(".wh.gone\uDCE9", "").bytes();
      TarApply.apply(new ByteArrayInputStream(tar), target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER);
      assertThat(listing(target)).isEqualTo(latin1(String.join("\n",
          "..\uDCE9\td 755 0:0 4096\t", "..\uDCE9/f\tf 644 0:0 1\t", ".\uDCAE\tf 644 0:0 1\t",
          "gone\uDCE9\tc 0 0:0 0\t", "l\uDCE9\tl 777 0:0 5\t..\uDCE9/f",
          "\uDCC0\uDCAE\uDCC0\uDCAE\td 755 0:0 4096\t", "\uDCC0\uDCAE\uDCC0\uDCAE/\uDCC0\uDCAFx\tf 644 0:0 1\t", "")));
      assertThat(s.path().resolve("f")).doesNotExist();
    }
  }

  /** Every entry below {@code dir} as "path TAB type mode owner size TAB link" lines of raw bytes, sorted. */
  static String listing(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "cd \"$1\" && find . -mindepth 1 -printf '%P\\t%y %m %U:%G %s\\t%l\\n'"
        + " | LC_ALL=C sort", "sh", RawNames.name(dir)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    return new String(out, StandardCharsets.ISO_8859_1).replaceAll("(?m)^([^\t]*\td [0-7]+ [0-9:]+) [0-9]+", "$1 D");
  }

  /** The raw bytes of {@code escaped} (each name's bytes, see {@link RawNames}) as a {@link #listing} holds them. */
  static String latin1(String escaped) {
    return new String(RawNames.encode(escaped), StandardCharsets.ISO_8859_1)
        .replaceAll("(?m)^([^\t]*\td [0-7]+ [0-9:]+) [0-9]+", "$1 D");
  }

  static void sh(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", script, "sh"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }
}
