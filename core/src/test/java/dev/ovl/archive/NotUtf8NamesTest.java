package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A name or link target whose bytes are not UTF-8 cannot go through a Java String unchanged: apply-diff refuses
 * such an entry with a clear error instead of writing other bytes, and leaves the target as it was.
 */
class NotUtf8NamesTest {
  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource({
    "short name, ustar", "short name, gnu", "short name, posix", "prefixed name, ustar", "prefixed name, gnu",
    "long name, gnu", "long name, posix", "symlink target, gnu", "symlink target, posix",
    "long symlink target, gnu", "long symlink target, posix"})
  void entryIsRefusedAndTheTargetKept(String what, String format) throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("notutf8")) {
      Path src = Files.createDirectory(s.resolve("src"));
      // ustar splits a long path into its prefix field; a name part over 100 bytes needs gnu's 'L'/'K' record or
      // a PAX record
      String dirs = "d".repeat(60) + "/" + "e".repeat(60);
      String longPart = "f".repeat(120);
      String make = switch (what) {
        case "short name" -> "printf x > \"$(printf 'n\\376')\"";
        case "prefixed name" -> "mkdir -p " + dirs + " && printf x > \"" + dirs + "/$(printf 'n\\377')\"";
        case "long name" -> "printf x > \"" + longPart + "$(printf '\\377')\"";
        case "symlink target" -> "ln -s \"$(printf 't\\376')\" s";
        default -> "ln -s \"" + longPart + "$(printf '\\376')\" s";
      };
      Path tar = s.resolve("layer.tar");
      Process p = new ProcessBuilder("sh", "-c", "cd \"$1\" && printf ok > ok && " + make
          + " && tar --format=" + format + " -cf \"$2\" .", "sh", src.toString(), tar.toString()).inheritIO().start();
      assertThat(p.waitFor()).isZero();
      Path target = Files.createDirectories(s.resolve("target"));
      Files.writeString(target.resolve("keep"), "keep");
      Map<String, String> before = TreeSnapshot.of(target);
      try (InputStream in = TarFile.open(tar)) {
        assertThatThrownBy(() -> TarApply.apply(in, target, ApplyOptions.overlay(), Progress.NONE, Cancel.NEVER))
            .isInstanceOf(UnsafeEntryException.class)
            .hasMessageContaining(what.contains("symlink") ? "link target is not UTF-8" : "name is not UTF-8");
      }
      assertThat(TreeSnapshot.of(target)).isEqualTo(before);
      assertThat(List.of(target.toFile().list())).containsExactly("keep");
    }
  }
}
