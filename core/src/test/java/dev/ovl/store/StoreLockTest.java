package dev.ovl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovl.check.Checker;
import dev.ovl.check.Finding;
import dev.ovl.interop.GoStorage;
import dev.ovl.interop.LayerTar;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ovl and the Go peer exclude each other through the same fcntl locks. */
class StoreLockTest {
  @Test
  void goWaitsWhileOvlHoldsTheStoreExclusively() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("lock-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      go.run(List.of("create-layer"));
      StorePaths paths = new StorePaths(go.root(), go.runRoot());
      byte[] before;
      CompletableFuture<String> layers;
      try (Store store = Store.open(paths, true, Duration.ofSeconds(5))) {
        before = Files.readAllBytes(paths.lockFile(StoreFile.LAYERS));
        layers = CompletableFuture.supplyAsync(() -> {
          try {
            return go.run(List.of("create-layer"));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        Thread.sleep(1500);
        assertThat(layers).as("the Go peer is blocked on layers.lock").isNotDone();
        store.removeEntries(StoreFile.IMAGES, id -> false);
      }
      assertThat(layers.get(60, TimeUnit.SECONDS)).isNotBlank();
      try (Store store = Store.open(paths, false, Duration.ofSeconds(5))) {
        assertThat(store.layers()).hasSize(2);
      }
      assertThat(Files.readAllBytes(paths.lockFile(StoreFile.LAYERS))).hasSize(StoreLock.LAST_WRITER_SIZE)
          .isNotEqualTo(before);
    }
  }

  @Test
  void checkWaitsForGoAndNeverSeesItsHalfWrittenLayer() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("lock-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      go.run(List.of("create-layer"));
      StorePaths paths = new StorePaths(go.root(), go.runRoot());
      Path fifo = s.resolve("layer.tar");
      new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
      CompletableFuture<String> imported = CompletableFuture.supplyAsync(() -> {
        try {
          return go.run(List.of("import-layer", "-f", fifo.toString()));
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      try (OutputStream pipe = Files.newOutputStream(fifo)) {
        awaitHeldByOther(paths.lockFile(StoreFile.LAYERS));
        assertThatThrownBy(() -> Store.open(paths, false, Duration.ofMillis(300)))
            .isInstanceOf(StoreBusyException.class).hasMessageContaining("layers.lock")
            .hasMessageContaining("busy");
        CompletableFuture<List<Finding>> check = CompletableFuture.supplyAsync(() -> {
          try (Store store = Store.open(paths, false, Duration.ofSeconds(60))) {
            assertThat(store.layers()).hasSize(2).noneMatch(LayerRecord::incomplete);
            return Checker.check(store, Cancel.NEVER);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        Thread.sleep(1000);
        assertThat(check).as("check waits while Go holds layers.lock").isNotDone();
        Path tar = s.resolve("content.tar");
        try (LayerTar t = LayerTar.create(tar)) {
          t.file("hello", "world\n");
        }
        pipe.write(Files.readAllBytes(tar));
        pipe.close();
        assertThat(imported.get(60, TimeUnit.SECONDS)).isNotBlank();
        assertThat(check.get(60, TimeUnit.SECONDS)).isEmpty();
      }
    }
  }

  /** Waits until another process holds {@code lock}: our shared tryLock fails. */
  private static void awaitHeldByOther(Path lock) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(lock)) {
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          FileLock l = ch.tryLock(0, Long.MAX_VALUE, true);
          if (l == null) {
            return;
          }
          l.release();
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(lock + " was never taken by the Go peer");
  }
}
