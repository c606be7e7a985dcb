package dev.ovl.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ovl.interop.GoStorage;
import dev.ovl.interop.LayerTar;
import dev.ovl.interop.MergedView;
import dev.ovl.store.Store;
import dev.ovl.store.StorePaths;
import dev.ovl.work.Cancel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

/**
 * A real store made by the Go peer: base and mid layers with files (image {@code img:1} on mid), a container
 * {@code ctr1} on top, and a spare leaf layer nothing uses. Tests break it on purpose.
 */
final class RealStore {
  static final ObjectMapper JSON = new ObjectMapper();
  final GoStorage go;
  final StorePaths paths;
  final String base;
  final String mid;
  final String top;
  final String spare;

  private RealStore(GoStorage go, String base, String mid, String top, String spare) {
    this.go = go;
    this.paths = new StorePaths(go.root(), go.runRoot());
    this.base = base;
    this.mid = mid;
    this.top = top;
    this.spare = spare;
  }

  static RealStore create(Path dir) throws IOException {
    GoStorage go = GoStorage.on(dir.resolve("root"), dir.resolve("run"));
    Path t1 = dir.resolve("base.tar");
    try (LayerTar t = LayerTar.create(t1)) {
      t.dir("etc", 0755, 0, 0).file("etc/os-release", "base\n").file("etc/shadowed", "from base\n")
          .dir("bin", 0755, 0, 0).file("bin/tool", 0755, 0, 0, "#!/bin/sh\n".getBytes());
    }
    Path t2 = dir.resolve("mid.tar");
    try (LayerTar t = LayerTar.create(t2)) {
      t.dir("etc", 0755, 0, 0).file("etc/shadowed", "from mid\n").file("etc/mid", "mid\n").whiteout("bin/tool");
    }
    String base = go.run(List.of("import-layer", "-f", t1.toString())).strip();
    String mid = go.run(List.of("import-layer", "-f", t2.toString(), base)).strip();
    go.run(List.of("create-image", "-n", "img:1", mid));
    go.run(List.of("create-container", "-n", "ctr1", "img:1"));
    String top;
    try (Store s = Store.open(new StorePaths(go.root(), go.runRoot()), false, Duration.ofSeconds(10))) {
      top = s.containers().get(0).layer();
    }
    String spare = go.run(List.of("create-layer")).strip();
    Files.delete(t1);
    Files.delete(t2);
    return new RealStore(go, base, mid, top, spare);
  }

  Path home() {
    return paths.home();
  }

  Path layer(String id) {
    return home().resolve(id);
  }

  String link(String id) throws IOException {
    return Files.readString(layer(id).resolve("link")).strip();
  }

  Path l(String id) throws IOException {
    return home().resolve("l").resolve(link(id));
  }

  /** What the Go peer shows when it mounts {@code id}. */
  SortedMap<String, String> goView(String id) throws IOException {
    Path merged = go.mount(id);
    try {
      return MergedView.of(merged);
    } finally {
      go.unmountQuietly(id);
    }
  }

  List<Finding> check() throws IOException {
    try (Store s = Store.open(paths, false, Duration.ofSeconds(10))) {
      return Checker.check(s, Cancel.NEVER);
    }
  }

  RepairResult repair(boolean force) throws IOException {
    try (Store s = Store.open(paths, true, Duration.ofSeconds(10));
        Journal j = Journal.open(Journal.defaultPath(paths.root()))) {
      return Repairer.apply(Repairer.plan(Checker.check(s, Cancel.NEVER)), s, force, j, Cancel.NEVER);
    }
  }

  /** Rewrites one of the store's JSON arrays behind every tool's back, as a crash or a bad edit would. */
  void editJson(Path file, UnaryOperator<ArrayNode> change) throws IOException {
    ArrayNode a = (ArrayNode) JSON.readTree(file.toFile());
    Files.write(file, JSON.writeValueAsBytes(change.apply(a)));
  }
}
