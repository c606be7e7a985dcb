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
      assertThat(names).isSortedAccordingTo((a, b) -> Tree.BYTE_ORDER.compare(a, b)).hasSize(3000 + 37);
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

  @Test
  void aFileSinkGetsTheSameBytesAsAStreamAndNoDescriptorStaysOpen() throws IOException {
    Root.require();
    try (Scratch s = Scratch.create("pipe")) {
      Path dir = Files.createDirectory(s.resolve("d"));
      java.util.Random rnd = new java.util.Random(7);
      for (int i = 0; i < 400; i++) {
        byte[] data = new byte[i % 50 == 0 ? 64 * 1024 + rnd.nextInt(3 << 20) : rnd.nextInt(20_000)];
        rnd.nextBytes(data);
        Path f = Files.createDirectories(dir.resolve("d" + i % 7)).resolve("f" + i);
        Files.write(f, data);
        if (i % 9 == 0) {
          dev.ovl.natives.Syscalls.lsetxattr(f, "user.k" + i, new byte[] {(byte) i}, 0);
        }
      }
      Files.createSymbolicLink(dir.resolve("d1/link"), Path.of("f1"));
      cancelledExport(dir); // loads what a cancel needs, so that no class loading opens a file below
      List<String> fdsBefore = openDescriptors();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      long n = TarExport.export(dir, stream, null, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE, Cancel.NEVER);
      Path file = s.resolve("out.tar");
      try (OutputStream out = new java.io.FileOutputStream(file.toFile())) {
        assertThat(TarExport.export(dir, out, null, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE,
            Cancel.NEVER)).isEqualTo(n);
      }
      assertThat(Files.readAllBytes(file)).as("sendfile and buffers give the stream's bytes")
          .isEqualTo(stream.toByteArray());
      assertThat(stream.size()).isEqualTo(n);
      cancelledExport(dir);
      assertThat(openDescriptors()).as("descriptors open after two exports and a cancel").isEqualTo(fdsBefore);
    }
  }

  @Test
  void aNameThatIsNotUtf8IsExportedAsItsBytes() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("pipe")) {
      Path dir = Files.createDirectory(s.resolve("d"));
      // bytes 0xfe and 0xff in names, made by the shell; a big file (sendfile) and a small one (read into the buffer)
      Process p = new ProcessBuilder("sh", "-c", "cd \"$1\" && head -c 200000 /dev/urandom >\"$(printf 'big\\376')\""
          + " && printf 0123456789 >\"$(printf 'small\\377')\" && printf 1 >ok", "sh", dir.toString())
          .inheritIO().start();
      assertThat(p.waitFor()).isZero();
      Path tar = s.resolve("out.tar");
      try (OutputStream out = new java.io.FileOutputStream(tar.toFile())) {
        TarExport.export(dir, out, null, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE, Cancel.NEVER);
      }
      Path back = Files.createDirectory(s.resolve("back"));
      NotUtf8NamesTest.sh("tar -xpf \"$1\" -C \"$2\" && diff -r \"$2\" \"$3\"", tar.toString(), back.toString(),
          dir.toString());
      assertThat(NotUtf8NamesTest.listing(back)).isEqualTo(NotUtf8NamesTest.listing(dir)).contains("big\u00fe\t");
    }
  }

  /** Cancels an export while its writer is held up, so that the walk has queued open files. */
  private static void cancelledExport(Path dir) {
    Cancel cancel = Cancel.create();
    OutputStream slow = new OutputStream() { // holds the writer while the walk queues open files, then cancels
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        if (!cancel.isCancelled()) {
          cancel.cancel();
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    assertThatThrownBy(() -> TarExport.export(dir, slow, null, WhiteoutFormat.OVERLAY, List.of(), Progress.NONE,
        cancel)).isInstanceOf(Cancel.Cancelled.class);
  }

  private static List<String> openDescriptors() throws IOException {
    List<String> open = new ArrayList<>();
    try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          open.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException e) {
          // the listing's own descriptor, closed meanwhile
        }
      }
    }
    open.removeIf(l -> l.startsWith("/proc/")); // the listing's own
    open.sort(null);
    return open;
  }
}
