package dev.ovl.interop;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Go peer, {@code containers-storage -g ROOT -R RUNROOT -s overlay ...}, on one store. Every call
 * waits for the process; a non-zero exit or a timeout throws with the command and its stderr.
 */
public final class GoStorage {
  /** The peer's binary; absent means the test-deps script has not run. */
  public static final Path BINARY = Path.of("/usr/bin/containers-storage");
  private static final long TIMEOUT_SECONDS = 120;

  private final Path root;
  private final Path runRoot;
  private final List<String> storageOpts;

  private GoStorage(Path root, Path runRoot, List<String> storageOpts) {
    this.root = root;
    this.runRoot = runRoot;
    this.storageOpts = List.copyOf(storageOpts);
  }

  /**
   * A runner on ROOT and RUNROOT (created if missing, as the peer's store does); {@code storageOpts} go as
   * {@code --storage-opt=overlay.KEY=VAL}.
   */
  public static GoStorage on(Path root, Path runRoot, String... storageOpts) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: run packaging/test-deps.sh");
    }
    Files.createDirectories(root);
    Files.createDirectories(runRoot);
    return new GoStorage(root, runRoot, List.of(storageOpts));
  }

  public Path root() {
    return root;
  }

  public Path runRoot() {
    return runRoot;
  }

  /** The driver's home, ROOT/overlay. */
  public Path home() {
    return root.resolve("overlay");
  }

  /** The driver's run home, RUNROOT/overlay. */
  public Path runHome() {
    return runRoot.resolve("overlay");
  }

  /** {@code create-layer --id ID [PARENT]}; returns the id the peer printed. */
  public String createLayer(String id, String parent) throws IOException {
    List<String> args = new ArrayList<>(List.of("create-layer", "--id", id));
    if (parent != null) {
      args.add(parent);
    }
    return run(args).strip();
  }

  /** {@code applydiff -f TAR LAYER}. */
  public void applyDiff(String layer, Path tar) throws IOException {
    run(List.of("applydiff", "-f", tar.toString(), layer));
  }

  /** {@code mount LAYER}; returns the merged dir the peer printed. */
  public Path mount(String layer) throws IOException {
    return Path.of(run(List.of("mount", layer)).strip());
  }

  /** {@code unmount LAYER}. */
  public void unmount(String layer) throws IOException {
    run(List.of("unmount", layer));
  }

  /** Unmounts {@code layer}, logging instead of throwing: for finally blocks. */
  public void unmountQuietly(String layer) {
    try {
      unmount(layer);
    } catch (IOException e) {
      System.err.println("GoStorage: unmount " + layer + " failed: " + e.getMessage());
    }
  }

  /** {@code delete-layer LAYER}. */
  public void deleteLayer(String layer) throws IOException {
    run(List.of("delete-layer", layer));
  }

  /** The ids {@code layers} lists, in its order. */
  public List<String> layers() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : run(List.of("layers")).split("\n")) {
      if (!line.isBlank()) {
        out.add(line.strip().split("\\s+")[0]);
      }
    }
    return out;
  }

  /** Runs {@code containers-storage} with the store flags and {@code args}; returns stdout. */
  public String run(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-g", root.toString(), "-R", runRoot.toString(),
        "-s", "overlay"));
    storageOpts.forEach(o -> cmd.add("--storage-opt=overlay." + o));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": timed out after " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(String.join(" ", cmd));
    }
    String out = stdout.join();
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": "
          + (err.join() + " " + out).strip().replace('\n', ' '));
    }
    return out;
  }

  private static String drain(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<" + e.getMessage() + ">";
    }
  }
}
