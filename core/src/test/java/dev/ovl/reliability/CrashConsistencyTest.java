package dev.ovl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.driver.CreateOpts;
import dev.ovl.driver.MountOpts;
import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.testing.ChildOvl;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Kills {@code ovl create} and {@code ovl rm} dead (Runtime.halt, as SIGKILL) at a seeded choice of their crash
 * points, then checks that no layer is visible half-made, that the driver recovers by itself, and that running the
 * operation again reaches the uninterrupted end state. {@code -Dovl.crashTrials=100} is the full-size run.
 */
class CrashConsistencyTest {
  static final int TRIALS = Integer.getInteger("ovl.crashTrials", 6);
  static final long SEED = Long.getLong("ovl.crashSeed", 20261128L);

  static int runOvl(Path root, Path run, String crashAt, String... args) throws Exception {
    return ChildOvl.run(root, run, crashAt, args);
  }

  static OverlayDriver open(Path root, Path run) throws Exception {
    return OverlayDriver.init(root.resolve("overlay"), run.resolve("overlay"), List.of(), IdMappings.IDENTITY);
  }

  /** The layer is absent, or whole: every file and dir a child layer keeps (merged/ comes and goes with mounts). */
  static void assertAbsentOrWhole(Path home, String id) {
    Path dir = home.resolve(id);
    if (Files.exists(dir)) {
      for (String part : List.of("diff", "link", "work", "lower")) {
        assertThat(dir.resolve(part)).as("%s of a visible layer", part).exists();
      }
    }
  }

  static Set<String> homeEntries(Path home) throws Exception {
    try (var s = Files.list(home)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void createKilledAnywhereLeavesNothingHalfMade() throws Exception {
    Root.require();
    Random r = new Random(SEED);
    List<String> points = List.of("create.staged", "create.renamed", "create.linked", "none");
    for (int trial = 0; trial < TRIALS; trial++) {
      String point = points.get(r.nextInt(points.size()));
      try (Scratch s = Scratch.create("crash-create")) {
        Path root = Files.createDirectories(s.resolve("root"));
        Path run = s.resolve("run");
        try (OverlayDriver d = open(root, run)) {
          d.create("base", null, CreateOpts.DEFAULT);
          Files.writeString(d.get("base", MountOpts.DEFAULT).resolve("f"), "base");
          d.put("base");
        }
        int code = runOvl(root, run, point, "create", "--id", "child", "--parent", "base");
        assertThat(code).as(point).isEqualTo(point.equals("none") ? 0 : 137);
        Path home = root.resolve("overlay");
        assertAbsentOrWhole(home, "child");
        assertThat(homeEntries(home)).as(point).isSubsetOf("base", "child", "l", "staging");
        try (OverlayDriver d = open(root, run)) {
          if (!d.exists("child")) {
            d.create("child", "base", CreateOpts.DEFAULT);
          }
          Path m = d.get("child", MountOpts.DEFAULT);
          assertThat(Files.readString(m.resolve("f"))).isEqualTo("base");
          d.put("child");
          String link = Files.readString(home.resolve("child/link"));
          assertThat(Files.readSymbolicLink(home.resolve("l").resolve(link))).isEqualTo(Path.of("../child/diff"));
          assertThat(Files.readString(home.resolve("child/lower")))
              .isEqualTo("l/" + Files.readString(home.resolve("base/link")));
        }
      }
    }
  }

  @Test
  void removeKilledAnywhereLeavesNothingHalfDeleted() throws Exception {
    Root.require();
    Random r = new Random(SEED + 1);
    List<String> points = List.of("remove.unlinked", "remove.moved", "none");
    for (int trial = 0; trial < TRIALS; trial++) {
      String point = points.get(r.nextInt(points.size()));
      try (Scratch s = Scratch.create("crash-rm")) {
        Path root = Files.createDirectories(s.resolve("root"));
        Path run = s.resolve("run");
        try (OverlayDriver d = open(root, run)) {
          d.create("base", null, CreateOpts.DEFAULT);
          d.create("child", "base", CreateOpts.DEFAULT);
          Path m = d.get("child", MountOpts.DEFAULT);
          for (int i = 0; i < 50; i++) {
            Files.writeString(m.resolve("file-" + i), "x".repeat(i));
          }
          d.put("child");
        }
        int code = runOvl(root, run, point, "rm", "--force", "child");
        assertThat(code).as(point).isEqualTo(point.equals("none") ? 0 : 137);
        Path home = root.resolve("overlay");
        assertAbsentOrWhole(home, "child");
        if (Files.exists(home.resolve("child"))) {
          try (var files = Files.list(home.resolve("child/diff"))) {
            assertThat(files.count()).as("a visible layer keeps all its files").isEqualTo(50);
          }
        }
        try (OverlayDriver d = open(root, run)) {
          d.remove("child");
          assertThat(d.listLayers()).containsExactly("base");
          try (var links = Files.list(home.resolve("l"))) {
            assertThat(links.map(p -> p.getFileName().toString()).toList())
                .containsExactly(Files.readString(home.resolve("base/link")));
          }
        }
        assertThat(homeEntries(home)).as(point).isSubsetOf("base", "l", "staging");
      }
    }
  }
}
