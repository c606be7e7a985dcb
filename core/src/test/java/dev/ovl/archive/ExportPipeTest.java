package dev.ovl.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import dev.ovl.work.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The export's walker and writer threads: order kept, failures and cancels of either side end both. */
class ExportPipeTest {
  @Test
  void entriesKeepTheWalkOrderAcrossThousandsOfFiles() throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("pipe")) {
      Path dir = Files.createDirectory(s.resolve("d"));
      for (int i = 0; i < 3000; i++) {
        Files.writeString(Files.createDirectories(dir.resolve("d" + i % 37)).resolve("f" + i), "x".repeat(i % 300));
      }
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      TarExport.export(dir, tar, null, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE, Cancel.NEVER);
      Path back = Files.createDirectory(s.resolve("back"));
      TarApply.apply(new ByteArrayInputStream(tar.toByteArray()), back, ApplyOptions.overlay(), Progress.NONE,
          Cancel.NEVER);
      assertThat(TreeSnapshot.of(back, x -> true, false).equals(TreeSnapshot.of(dir, x -> true, false)))
          .as("the tree read back equals the exported one").isTrue();
      List<String> names = new ArrayList<>();
      TarReader r = new TarReader(new ByteArrayInputStream(tar.toByteArray()));
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        names.add(e.name);
      }
      assertThat(names).isSortedAccordingTo((a, b) -> Tree.compareCodePoints(a, b)).hasSize(3000 + 37);
    }
  }

  @Test
  void aFailingSinkFailsTheExportWithItsOwnError() throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("pipe")) {
      Path dir = Files.createDirectory(s.resolve("d"));
      for (int i = 0; i < 500; i++) {
        Files.writeString(dir.resolve("f" + i), "y".repeat(4000));
      }
      OutputStream full = new OutputStream() {
        long n;

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          n += len;
          if (n > 200_000) {
            throw new IOException("sink full");
          }
        }
      };
      assertThatThrownBy(() -> TarExport.export(dir, full, null, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE,
          Cancel.NEVER)).isInstanceOf(IOException.class).hasMessage("sink full");
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ovl-tar-writer"));
    }
  }

  @Test
  void aCancelStopsBothThreads() throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("pipe")) {
      Path dir = Files.createDirectory(s.resolve("d"));
      for (int i = 0; i < 2000; i++) {
        Files.writeString(dir.resolve("f" + i), "z");
      }
      Cancel cancel = Cancel.create();
      Progress stopHalfway = (bytes, entries) -> {
        if (entries == 1000) {
          cancel.cancel();
        }
      };
      assertThatThrownBy(() -> TarExport.export(dir, OutputStream.nullOutputStream(), null, WhiteoutFormat.OVERLAY,
          List.of(), stopHalfway, cancel)).isInstanceOf(Cancel.Cancelled.class);
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ovl-tar-writer"));
    }
  }
}
