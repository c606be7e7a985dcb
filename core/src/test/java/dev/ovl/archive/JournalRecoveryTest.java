package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A journal left in a diff is data a layer could carry: undoing it never reaches outside the diff. */
class JournalRecoveryTest {
  @Test
  void journalStepsOutsideTheDiffAreRefused() throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("journal")) {
      Path outside = Files.createDirectories(s.resolve("outside"));
      Files.writeString(outside.resolve("keep"), "keep");
      Path diff = Files.createDirectories(s.resolve("diff"));
      Files.writeString(diff.resolve("mine"), "mine");
      Files.createSymbolicLink(diff.resolve("s"), outside);
      Map<String, String> before = TreeSnapshot.of(s.path(), x -> true, false);

      journal(diff, "C\t" + b64("../outside/keep"));
      assertThatThrownBy(() -> TarApply.undoInterrupted(diff)).isInstanceOf(IOException.class)
          .hasMessageContaining("line 2 is corrupt");
      journal(diff, "M\t" + b64("mine") + "\t../../outside");
      assertThatThrownBy(() -> TarApply.undoInterrupted(diff)).isInstanceOf(IOException.class)
          .hasMessageContaining("line 2 is corrupt");
      Files.delete(diff.resolve(".ovl-apply-1/journal"));
      Files.delete(diff.resolve(".ovl-apply-1"));
      assertThat(TreeSnapshot.of(s.path(), x -> true, false)).isEqualTo(before);

      journal(diff, "C\t" + b64("s/keep"));
      assertThatThrownBy(() -> TarApply.undoInterrupted(diff)).isInstanceOf(IOException.class)
          .hasMessageContaining("cannot undo");
      assertThat(Files.readString(outside.resolve("keep"))).isEqualTo("keep");
      assertThat(diff.resolve(".ovl-apply-1")).doesNotExist();
    }
  }

  @Test
  void aJournalOfCreatedEntriesRemovesThemAndItself() throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("journal")) {
      Path diff = Files.createDirectories(s.resolve("diff"));
      Files.writeString(diff.resolve("old"), "old");
      Files.createDirectories(diff.resolve("new/sub"));
      Files.writeString(diff.resolve("new/sub/f"), "f");
      journal(diff, "C\t" + b64("new"), "C\t" + b64("new/sub"), "C\t" + b64("new/sub/f"));
      assertThat(TarApply.undoInterrupted(diff)).isEqualTo(1);
      try (var l = Files.list(diff)) {
        assertThat(l.map(p -> p.getFileName().toString()).toList()).containsExactly("old");
      }
    }
  }

  private static void journal(Path diff, String... steps) throws IOException {
    Path trash = Files.createDirectories(diff.resolve(".ovl-apply-1"));
    Files.writeString(trash.resolve("journal"), "ovl-apply-journal 1\n" + String.join("\n", steps) + "\n");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
