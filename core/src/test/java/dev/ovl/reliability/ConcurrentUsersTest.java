package dev.ovl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.check.Checker;
import dev.ovl.check.Finding;
import dev.ovl.cli.Main;
import dev.ovl.interop.GoStorage;
import dev.ovl.interop.LayerTar;
import dev.ovl.natives.MountInfo;
import dev.ovl.reliability.MixLedger.Worker;
import dev.ovl.store.LayerRecord;
import dev.ovl.store.MountRecord;
import dev.ovl.store.Store;
import dev.ovl.store.StorePaths;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import dev.ovl.work.Cancel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two ovl processes and the Go peer on one store at once, for {@code ovl.concurrent.seconds} (15 by default, 60
 * for the full run), in rounds drawn from a seeded Random. Between rounds, when nobody runs, the store must hold
 * exactly the layers alive, mountpoints.json exactly the users each worker holds, the kernel exactly one mount per
 * counted layer, and check nothing to report; every check run during a round must report nothing either.
 */
class ConcurrentUsersTest {
  static final int SECONDS = Integer.getInteger("ovl.concurrent.seconds", 15);
  static final long SEED = Long.getLong("ovl.concurrent.seed", 20261128L);
  private static final int STABLE_LAYERS = 3;
  private static final int TARS = 3;

  /** One ovl invocation a child runs, and the layer it is about (null for check). */
  private record Call(String kind, String layer, List<String> args) {}

  @Test
  void twoOvlProcessesAndTheGoPeerKeepOneStoreExact() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("concurrent-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      StorePaths paths = new StorePaths(go.root(), go.runRoot());
      Random rng = new Random(SEED);
      MixLedger ledger = new MixLedger();
      for (int i = 0; i < STABLE_LAYERS; i++) {
        ledger.stable(go.createLayer(newId(rng), null));
      }
      List<Path> tars = new ArrayList<>();
      for (int i = 0; i < TARS; i++) {
        Path tar = s.resolve("t" + i + ".tar");
        try (LayerTar t = LayerTar.create(tar)) {
          t.dir("etc", 0755, 0, 0).file("etc/mix" + i, "round " + i + "\n").file("f" + i, "x".repeat(i * 1000));
        }
        tars.add(tar);
      }
      long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
      int rounds = 0;
      long started = System.nanoTime();
      while (System.nanoTime() < end) {
        round(s, go, ledger, tars, new Random(rng.nextLong()), rounds++);
        assertQuiet(paths, ledger, "after round " + rounds);
      }
      finish(s, go, paths, ledger);
      long ms = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("ConcurrentUsersTest: seed %d, %d rounds in %.1f s, %d operations: %s%n", SEED, rounds,
          ms / 1000.0, ledger.total(), ledger.summary());
      assertThat(ledger.unexplained()).as("failures no race explains").isEmpty();
    }
  }

  private static void round(Scratch s, GoStorage go, MixLedger ledger, List<Path> tars, Random r, int n)
      throws Exception {
    ledger.startRound();
    List<String> alive = ledger.alive();
    Map<Worker, List<Call>> plans = new TreeMap<>();
    for (Worker w : List.of(Worker.OVL_A, Worker.OVL_B)) {
      plans.put(w, plan(r, alive, ledger.held(w), tars, 4 + r.nextInt(6)));
    }
    Map<Worker, CompletableFuture<List<String>>> children = new TreeMap<>();
    for (var e : plans.entrySet()) {
      children.put(e.getKey(), startBatch(s, e.getKey() + "-" + n, e.getValue()));
    }
    goOps(go, ledger, r, 2 + r.nextInt(4));
    for (var e : children.entrySet()) {
      List<String> results = e.getValue().get(5, TimeUnit.MINUTES);
      List<Call> calls = plans.get(e.getKey());
      for (int i = 0; i < calls.size(); i++) {
        record(ledger, e.getKey(), calls.get(i), i < results.size() ? results.get(i) : "missing\t\t");
      }
    }
  }

  private static List<Call> plan(Random r, List<String> alive, Map<String, Integer> held, List<Path> tars, int n) {
    Map<String, Integer> left = new TreeMap<>(held);
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int dice = r.nextInt(100);
      String layer = alive.get(r.nextInt(alive.size()));
      if (dice < 35) {
        calls.add(new Call("ovl mount", layer, List.of("mount", layer)));
      } else if (dice < 65 && !left.isEmpty()) {
        // only users held at the start of the round: a mount in this batch may have lost a race
        String mine = new ArrayList<>(left.keySet()).get(r.nextInt(left.size()));
        left.compute(mine, (k, v) -> v <= 1 ? null : v - 1);
        calls.add(new Call("ovl unmount", mine, List.of("unmount", mine)));
      } else if (dice < 85) {
        String tar = tars.get(r.nextInt(tars.size())).toString();
        calls.add(new Call("ovl apply-diff", layer, List.of("apply-diff", layer, tar)));
      } else {
        calls.add(new Call("ovl check", null, List.of("check")));
      }
    }
    return calls;
  }

  /** The Go peer's part of a round, run here while the children run: its changes go straight to the ledger. */
  private static void goOps(GoStorage go, MixLedger ledger, Random r, int n) {
    for (int i = 0; i < n; i++) {
      int dice = r.nextInt(100);
      List<String> alive = ledger.alive();
      String kind = "?";
      try {
        if (dice < 30) {
          kind = "create-layer";
          String parent = r.nextBoolean() ? null : alive.get(r.nextInt(alive.size()));
          String parentOk = parent != null && ledger.isStable(parent) ? parent : null;
          ledger.created(go.createLayer(newId(r), parentOk));
        } else if (dice < 50 && !ledger.deletable().isEmpty()) {
          kind = "delete-layer";
          List<String> d = ledger.deletable();
          String id = d.get(r.nextInt(d.size()));
          go.deleteLayer(id);
          ledger.deleted(id);
        } else if (dice < 75 || ledger.held(Worker.GO).isEmpty()) {
          kind = "mount";
          String id = alive.get(r.nextInt(alive.size()));
          go.mount(id);
          ledger.mounted(Worker.GO, id);
        } else {
          kind = "unmount";
          List<String> mine = new ArrayList<>(ledger.held(Worker.GO).keySet());
          String id = mine.get(r.nextInt(mine.size()));
          go.unmount(id);
          ledger.unmounted(Worker.GO, id);
        }
      } catch (IOException e) {
        ledger.unexplained("go " + kind + ": " + e.getMessage());
      }
    }
  }

  private static void record(MixLedger ledger, Worker w, Call c, String result) {
    String[] f = result.split("\t", -1);
    String out = f.length > 1 ? f[1] : "";
    String err = f.length > 2 ? f[2] : result;
    if (!f[0].equals("0")) {
      if (c.kind().equals("ovl check") && f[0].equals("1") && err.isEmpty()) {
        ledger.unexplained("check during the mix found: " + out);
      } else {
        ledger.failed(c.kind(), c.layer(), err);
      }
      return;
    }
    switch (c.kind()) {
      case "ovl mount" -> ledger.mounted(w, c.layer());
      case "ovl unmount" -> ledger.unmounted(w, c.layer());
      case "ovl check" -> {
        if (!out.equals("no problems found")) {
          ledger.unexplained("check during the mix said: " + out);
        }
        ledger.count(c.kind());
      }
      default -> ledger.count(c.kind());
    }
  }

  private static CompletableFuture<List<String>> startBatch(Scratch s, String name, List<Call> calls)
      throws IOException {
    Path in = s.resolve(name + ".calls");
    Path out = s.resolve(name + ".results");
    String prefix = "--root\t" + s.resolve("root") + "\t--runroot\t" + s.resolve("run") + "\t";
    Files.write(in, calls.stream().map(c -> prefix + String.join("\t", c.args())).toList());
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        OvlBatch.class.getName(), in.toString(), out.toString())
        .redirectErrorStream(true).redirectOutput(s.resolve(name + ".log").toFile()).start();
    return p.onExit().thenApply(done -> {
      try {
        return done.exitValue() == 0 ? Files.readAllLines(out) : List.of();
      } catch (IOException e) {
        return List.of();
      }
    });
  }

  /** At a quiet moment: layers, counts and kernel mounts exactly as the ledger says, and check finds nothing. */
  private static void assertQuiet(StorePaths paths, MixLedger ledger, String when) throws Exception {
    Map<String, Integer> expected = ledger.expectedCounts();
    try (Store st = Store.open(paths, false, Duration.ofSeconds(30))) {
      assertThat(st.layers().stream().map(LayerRecord::id).sorted().toList()).as("layers.json " + when)
          .isEqualTo(ledger.alive().stream().sorted().toList());
      Map<String, Integer> counts = st.mounts().stream()
          .collect(Collectors.toMap(MountRecord::id, MountRecord::count, Integer::sum, TreeMap::new));
      assertThat(counts).as("mountpoints.json " + when + "; " + ledger.summary()).isEqualTo(expected);
      st.mounts().forEach(m -> assertThat(m.path()).isEqualTo(paths.home().resolve(m.id()) + "/merged"));
      List<Finding> findings = Checker.check(st, Cancel.NEVER);
      assertThat(findings).as("check " + when).isEmpty();
    }
    assertThat(overlayMounts(paths)).as("overlay mounts " + when).isEqualTo(expected.keySet().stream()
        .map(id -> paths.home().resolve(id).resolve("merged")).sorted().toList());
  }

  private static List<Path> overlayMounts(StorePaths paths) throws IOException {
    return MountInfo.read().stream().filter(m -> m.mountPoint().startsWith(paths.root()))
        .filter(m -> !m.mountPoint().equals(paths.home())).map(MountInfo::mountPoint).sorted().toList();
  }

  /** Every worker drops the users it holds: then nothing is mounted and the Go peer deletes what the mix made. */
  private static void finish(Scratch s, GoStorage go, StorePaths paths, MixLedger ledger) throws Exception {
    for (Worker w : Worker.values()) {
      for (var e : ledger.held(w).entrySet()) {
        for (int i = 0; i < e.getValue(); i++) {
          if (w == Worker.GO) {
            go.unmount(e.getKey());
          } else {
            assertThat(Main.run(new String[] {"--root", s.resolve("root").toString(), "--runroot",
                s.resolve("run").toString(), "unmount", e.getKey()})).isZero();
          }
          ledger.unmounted(w, e.getKey());
        }
      }
    }
    assertQuiet(paths, ledger, "after every user unmounted");
    assertThat(overlayMounts(paths)).isEmpty();
    assertThat(Files.readString(paths.runRoot().resolve("overlay-layers/mountpoints.json"))).isEqualTo("[]");
    for (String id : ledger.deletable()) {
      go.deleteLayer(id);
      ledger.deleted(id);
    }
    assertQuiet(paths, ledger, "after the Go peer deleted the mix's layers");
  }

  private static String newId(Random r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
