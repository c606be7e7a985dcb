package dev.ovl.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the concurrency mix has done to the store: the layers alive, each worker's mount users per layer, the
 * operations run per kind, the race failures counted, and the failures nothing explains.
 */
final class MixLedger {
  /** Who mounts: the two ovl child processes and the Go peer. */
  enum Worker { OVL_A, OVL_B, GO }

  private final Set<String> stable = new LinkedHashSet<>();
  private final Set<String> alive = new LinkedHashSet<>();
  private final Map<Worker, Map<String, Integer>> held = new LinkedHashMap<>();
  private final Map<String, Integer> ok = new TreeMap<>();
  private final Map<String, Integer> raced = new TreeMap<>();
  private final Map<String, String> raceExample = new TreeMap<>();
  private final List<String> unexplained = new ArrayList<>();
  private final Set<String> deletedThisRound = new LinkedHashSet<>();

  MixLedger() {
    for (Worker w : Worker.values()) {
      held.put(w, new TreeMap<>());
    }
  }

  synchronized void stable(String id) {
    stable.add(id);
    alive.add(id);
  }

  synchronized List<String> alive() {
    return List.copyOf(alive);
  }

  synchronized List<String> deletable() {
    return alive.stream().filter(id -> !stable.contains(id)).toList();
  }

  synchronized boolean isStable(String id) {
    return stable.contains(id);
  }

  /** The layers {@code w} holds at least one mount user of, with their user counts. */
  synchronized Map<String, Integer> held(Worker w) {
    return Map.copyOf(held.get(w));
  }

  synchronized void startRound() {
    deletedThisRound.clear();
  }

  synchronized void created(String id) {
    alive.add(id);
    count("go create-layer");
  }

  /** A deleted layer loses every mount user: delete-layer unmounts it first, whoever mounted it. */
  synchronized void deleted(String id) {
    alive.remove(id);
    deletedThisRound.add(id);
    held.values().forEach(m -> m.remove(id));
    count("go delete-layer");
  }

  synchronized void mounted(Worker w, String id) {
    if (alive.contains(id) && !deletedThisRound.contains(id)) {
      held.get(w).merge(id, 1, Integer::sum);
    }
    count(kind(w, "mount"));
  }

  synchronized void unmounted(Worker w, String id) {
    Map<String, Integer> m = held.get(w);
    if (m.containsKey(id)) {
      m.compute(id, (k, v) -> v <= 1 ? null : v - 1);
    }
    count(kind(w, "unmount"));
  }

  synchronized void count(String kind) {
    ok.merge(kind, 1, Integer::sum);
  }

  /**
   * A failed command: counted if the race explains it (its layer was deleted this round, or the store stayed
   * busy) and it is one line; anything else is unexplained.
   */
  synchronized void failed(String kind, String layer, String stderr) {
    boolean oneLine = stderr.startsWith("ovl: ") && !stderr.contains(" | ") && !stderr.contains("Exception");
    boolean busy = stderr.contains("store is busy");
    boolean gone = layer != null && deletedThisRound.contains(layer) && (stderr.contains("does not exist")
        || stderr.contains("not in layers.json") || stderr.contains("no such file"));
    if (oneLine && (busy || gone)) {
      raced.merge(kind, 1, Integer::sum);
      raceExample.putIfAbsent(kind, stderr);
    } else {
      unexplained.add(kind + " " + layer + ": " + stderr);
    }
  }

  synchronized void unexplained(String what) {
    unexplained.add(what);
  }

  /** Mount users per layer summed over the workers: what mountpoints.json must say at a quiet moment. */
  synchronized Map<String, Integer> expectedCounts() {
    Map<String, Integer> sum = new TreeMap<>();
    held.values().forEach(m -> m.forEach((id, n) -> sum.merge(id, n, Integer::sum)));
    return sum;
  }

  synchronized List<String> unexplained() {
    return List.copyOf(unexplained);
  }

  synchronized String summary() {
    return "ok " + ok + "; race failures " + raced + ", e.g. " + raceExample;
  }

  synchronized int total() {
    return ok.values().stream().mapToInt(Integer::intValue).sum()
        + raced.values().stream().mapToInt(Integer::intValue).sum();
  }

  static String kind(Worker w, String op) {
    return (w == Worker.GO ? "go " : "ovl ") + op;
  }
}
