package dev.ovl.reliability;

import static dev.ovl.reliability.CrashConsistencyTest.runOvl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.check.Code;
import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.interop.GoLayerRegistry;
import dev.ovl.interop.GoStorage;
import dev.ovl.interop.LayerTar;
import dev.ovl.interop.Views;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Kills {@code ovl apply-diff} and {@code ovl recreate-links} dead at a seeded choice of their crash points; after
 * each kill the layer's diff is as before or complete, re-running reaches the uninterrupted end state, and the Go
 * peer still mounts every other layer. {@code -Dovl.crashTrials=100} is the full-size run.
 */
class ContentsCrashTest {
  static final String BASE = "b".repeat(64);
  static final String CHILD = "c".repeat(64);
  static final String OTHER = "d".repeat(64);

  /** A store with base (one file), an empty child of base and another child holding a file, known to the peer. */
  static GoStorage store(Scratch s) throws Exception {
    GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
    try (OverlayDriver d = open(go)) {
      d.create(BASE, null, CreateOpts.DEFAULT);
      Files.writeString(d.get(BASE, MountOpts.DEFAULT).resolve("f"), "base");
      d.put(BASE);
      d.create(CHILD, BASE, CreateOpts.DEFAULT);
      d.create(OTHER, BASE, CreateOpts.DEFAULT);
      Files.writeString(d.get(OTHER, MountOpts.DEFAULT).resolve("o"), "other");
      d.put(OTHER);
    }
    GoLayerRegistry.register(go.root(), BASE, null);
    GoLayerRegistry.register(go.root(), CHILD, BASE);
    GoLayerRegistry.register(go.root(), OTHER, BASE);
    return go;
  }

  static OverlayDriver open(GoStorage go) throws Exception {
    return OverlayDriver.init(go.home(), go.runHome(), List.of(), IdMappings.IDENTITY);
  }

  static Path tar(Scratch s) throws Exception {
    Path t = s.resolve("layer.tar");
    try (LayerTar l = LayerTar.create(t)) {
      l.dir("etc", 0755, 0, 0).file("etc/hosts", "127.0.0.1 localhost\n").dir("data", 0750, 1000, 1000);
      for (int i = 0; i < 40; i++) {
        l.file("data/file-" + i, 0640, 1000, 1000, ("x" + i).repeat(100 * i).getBytes());
      }
      l.symlink("data/link", "file-1").file(".wh.f", "");
    }
    return t;
  }

  static SortedMap<String, String> diffTree(Path diff) throws Exception {
    SortedMap<String, String> m = new TreeMap<>();
    try (var w = Files.walk(diff)) {
      for (Path p : w.toList()) {
        m.put(diff.relativize(p).toString(), Files.isRegularFile(p) ? Long.toString(Files.size(p)) : "");
      }
    }
    return m;
  }

  /** The peer mounts {@code ids} with the views ovl has of them. */
  static void peerMounts(GoStorage go, Map<String, SortedMap<String, String>> views) throws Exception {
    for (var v : views.entrySet()) {
      SortedMap<String, String> seen = Views.go(go, v.getKey());
      if (!v.getValue().containsKey(".")) {
        seen.remove(".");
      }
      assertThat(seen).as("peer's view of %s", v.getKey()).isEqualTo(v.getValue());
    }
  }

  @Test
  void applyDiffKilledAnywhereLeavesTheDiffEmptyOrComplete() throws Exception {
    Root.require();
    Random r = new Random(CrashConsistencyTest.SEED + 2);
    List<String> points = List.of("apply.entry", "apply.staged", "apply.exchanged", "none");
    SortedMap<String, String> complete = null;
    SortedMap<String, String> endView = null;
    for (int trial = 0; trial < CrashConsistencyTest.TRIALS; trial++) {
      String point = points.get(r.nextInt(points.size()));
      try (Scratch s = Scratch.create("crash-apply")) {
        GoStorage go = store(s);
        Path t = tar(s);
        Map<String, SortedMap<String, String>> others = new TreeMap<>();
        try (OverlayDriver d = open(go)) {
          others.put(BASE, Views.ovl(d, BASE));
          others.put(OTHER, Views.ovl(d, OTHER));
        }
        int code = runOvl(go.root(), go.runRoot(), point, "apply-diff", CHILD, t.toString(), "--parent", BASE);
        assertThat(code).as(point).isEqualTo(point.equals("none") ? 0 : 137);
        Path diff = go.home().resolve(CHILD).resolve("diff");
        SortedMap<String, String> after = diffTree(diff);
        if (complete == null && point.equals("none")) {
          complete = after;
        }
        boolean empty = after.keySet().equals(java.util.Set.of(""));
        assertThat(empty || after.size() == 46).as("%s: diff empty or whole, not %s", point, after).isTrue();
        if (point.equals("apply.entry") || point.equals("apply.staged")) {
          assertThat(empty).as("%s: a kill before the swap leaves diff as before", point).isTrue();
        } else {
          assertThat(empty).as("%s: a kill after the swap leaves diff complete", point).isFalse();
        }
        assertThat(HalfDone.codes(go, CHILD)).as("check after %s", point)
            .isEqualTo(point.equals("none") ? Set.of() : Set.of(Code.HALF_APPLY_STAGED));
        if (!point.equals("none") && trial % 2 == 1) {
          assertThat(HalfDone.repair(go)).as("repair --yes after %s", point).isZero();
          assertThat(HalfDone.codes(go, CHILD)).as("check after repairing %s", point).isEmpty();
          assertThat(go.home().resolve(CHILD).resolve("diff.staging")).doesNotExist();
        }
        peerMounts(go, others);
        if (empty) {
          code = runOvl(go.root(), go.runRoot(), "none", "apply-diff", CHILD, t.toString(), "--parent", BASE);
          assertThat(code).as("re-run after %s", point).isZero();
        }
        Path staging = go.home().resolve(CHILD).resolve("diff.staging");
        if (Files.exists(staging)) {
          assertThat(staging).as("%s: only the emptied dir may be left over", point).isEmptyDirectory();
        }
        try (OverlayDriver d = open(go)) {
          SortedMap<String, String> view = Views.ovl(d, CHILD);
          assertThat(view).containsKeys("etc/hosts", "data/file-39", "data/link").doesNotContainKey("f");
          if (endView == null) {
            endView = view;
          }
          assertThat(view).as("end state after %s", point).isEqualTo(endView);
        }
        if (complete != null) {
          assertThat(diffTree(diff)).as("diff after %s", point).isEqualTo(complete);
        }
        others.put(CHILD, endView);
        peerMounts(go, others);
      }
    }
  }

  @Test
  void recreateLinksKilledAnywhereRepairsOnReRun() throws Exception {
    Root.require();
    Random r = new Random(CrashConsistencyTest.SEED + 3);
    List<String> points = List.of("relink.rebuilt", "relink.created", "none");
    for (int trial = 0; trial < CrashConsistencyTest.TRIALS; trial++) {
      String point = points.get(r.nextInt(points.size()));
      try (Scratch s = Scratch.create("crash-relink")) {
        GoStorage go = store(s);
        Path home = go.home();
        Map<String, String> links = new TreeMap<>();
        for (String id : List.of(BASE, CHILD, OTHER)) {
          links.put(id, Files.readString(home.resolve(id).resolve("link")));
        }
        Files.delete(home.resolve("l").resolve(links.get(BASE)));
        Files.delete(home.resolve("l").resolve(links.get(OTHER)));
        Files.delete(home.resolve(CHILD).resolve("link"));
        int code = runOvl(go.root(), go.runRoot(), point, "recreate-links");
        assertThat(code).as(point).isEqualTo(point.equals("none") ? 0 : 137);
        for (String id : links.keySet()) {
          Path link = home.resolve(id).resolve("link");
          if (Files.exists(link)) {
            assertThat(Files.readString(link)).as("%s/link after %s", id, point).isEqualTo(links.get(id));
          }
        }
        assertThat(runOvl(go.root(), go.runRoot(), "none", "recreate-links")).as("re-run after %s", point).isZero();
        try (var l = Files.list(home.resolve("l"))) {
          assertThat(l.map(p -> p.getFileName().toString()).sorted().toList())
              .containsExactlyElementsOf(new java.util.TreeSet<>(links.values()));
        }
        Map<String, SortedMap<String, String>> views = new TreeMap<>();
        try (OverlayDriver d = open(go)) {
          for (String id : links.keySet()) {
            assertThat(Files.readString(home.resolve(id).resolve("link"))).isEqualTo(links.get(id));
            views.put(id, Views.ovl(d, id));
          }
        }
        peerMounts(go, views);
      }
    }
  }
}
