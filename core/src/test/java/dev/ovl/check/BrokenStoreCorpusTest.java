package dev.ovl.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ovl.natives.Mounts;
import dev.ovl.store.StoreFile;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus: a real Go-made store broken one way per case. {@code check} must find exactly that, {@code repair}
 * must fix it, a second check must be clean, and the Go peer must mount the same merged content as before.
 */
class BrokenStoreCorpusTest {
  interface Breaker {
    void apply(RealStore s, Path scratch) throws Exception;
  }

  private static Arguments fixable(String name, Breaker b, Code... expected) {
    return Arguments.of(name, b, EnumSet.copyOf(List.of(expected)), true);
  }

  private static Arguments found(String name, Breaker b, Code... expected) {
    return Arguments.of(name, b, EnumSet.copyOf(List.of(expected)), false);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        fixable("l/ link of base missing", (s, d) -> Files.delete(s.l(s.base)), Code.LINK_MISSING),
        fixable("whole l/ missing", (s, d) -> Scratch.deleteTree(s.home().resolve("l")), Code.L_DIR_MISSING),
        fixable("l/ is a symlink", (s, d) -> {
          Scratch.deleteTree(s.home().resolve("l"));
          Files.createDirectories(d.resolve("elsewhere"));
          Files.createSymbolicLink(s.home().resolve("l"), d.resolve("elsewhere"));
        }, Code.L_DIR_NOT_DIR),
        fixable("l/ is a file", (s, d) -> {
          Scratch.deleteTree(s.home().resolve("l"));
          Files.writeString(s.home().resolve("l"), "garbage");
        }, Code.L_DIR_NOT_DIR),
        fixable("dangling l/ entry", (s, d) -> Files.createSymbolicLink(s.home().resolve("l/DANGLINGAAAAAAAAAAAAAAAAAA"),
            Path.of("../0123456789abcdef/diff")), Code.LINK_DANGLING),
        fixable("odd l/ entries", (s, d) -> {
          Files.writeString(s.home().resolve("l/ODDFILEAAAAAAAAAAAAAAAAAAA"), "x");
          Files.createSymbolicLink(s.home().resolve("l/ODDLINKAAAAAAAAAAAAAAAAAAA"), Path.of("/etc/passwd"));
        }, Code.LINK_ODD),
        fixable("two l/ links swapped", (s, d) -> {
          SortedMap<String, String> right = s.goView(s.top);
          Path lb = s.l(s.base);
          Path lm = s.l(s.mid);
          Files.delete(lb);
          Files.delete(lm);
          Files.createSymbolicLink(lb, Path.of("../" + s.mid + "/diff"));
          Files.createSymbolicLink(lm, Path.of("../" + s.base + "/diff"));
          assertThat(s.goView(s.top)).as("the Go driver silently mounts the wrong files").isNotEqualTo(right);
        }, Code.LINK_WRONG_LAYER),
        fixable("link file missing", (s, d) -> Files.delete(s.layer(s.mid).resolve("link")), Code.LINK_FILE_MISSING),
        fixable("link file empty", (s, d) -> Files.writeString(s.layer(s.mid).resolve("link"), ""),
            Code.LINK_FILE_EMPTY),
        fixable("link file malformed", (s, d) -> Files.writeString(s.layer(s.mid).resolve("link"), "../../etc"),
            Code.LINK_FILE_MALFORMED),
        fixable("two layers share a link name", (s, d) -> Files.writeString(s.layer(s.mid).resolve("link"),
            s.link(s.base)), Code.LINK_SHARED),
        fixable("lower empty", (s, d) -> Files.writeString(s.layer(s.top).resolve("lower"), ""), Code.LOWER_EMPTY),
        fixable("lower malformed", (s, d) -> Files.writeString(s.layer(s.top).resolve("lower"), "garbage/x"),
            Code.LOWER_MALFORMED),
        fixable("lower names an unknown link", (s, d) -> Files.writeString(s.layer(s.top).resolve("lower"),
            "l/NOSUCHLINKAAAAAAAAAAAAAAA:l/" + s.link(s.base)), Code.LOWER_UNKNOWN_LINK),
        fixable("lower makes a cycle", (s, d) -> Files.writeString(s.layer(s.top).resolve("lower"),
            "l/" + s.link(s.top) + ":l/" + s.link(s.mid) + ":l/" + s.link(s.base)), Code.LOWER_CYCLE),
        fixable("lower deeper than 128", (s, d) -> {
          List<String> entries = new ArrayList<>();
          for (int i = 0; i < 129; i++) {
            entries.add("l/" + LinkNames.fresh());
          }
          Files.writeString(s.layer(s.top).resolve("lower"), String.join(":", entries));
        }, Code.LOWER_TOO_DEEP),
        fixable("lower disagrees with layers.json", (s, d) -> Files.writeString(s.layer(s.top).resolve("lower"),
            "l/" + s.link(s.base)), Code.LOWER_MISMATCH),
        found("diff missing", (s, d) -> Scratch.deleteTree(s.layer(s.spare).resolve("diff")), Code.DIFF_MISSING),
        fixable("work missing", (s, d) -> Scratch.deleteTree(s.layer(s.mid).resolve("work")), Code.WORK_MISSING),
        fixable("empty missing", (s, d) -> Scratch.deleteTree(s.layer(s.base).resolve("empty")), Code.EMPTY_MISSING),
        fixable("layer dir missing", (s, d) -> {
          Files.delete(s.l(s.spare));
          Scratch.deleteTree(s.layer(s.spare));
        }, Code.LAYER_DIR_MISSING),
        fixable("orphan layer dir", (s, d) -> s.editJson(s.paths.json(StoreFile.LAYERS), a -> removeId(a, s.spare)),
            Code.LAYER_DIR_ORPHAN),
        fixable("orphan layer dir with a stray lower-layers file (no containers/storage writes one)", (s, d) -> {
          Files.writeString(s.layer(s.spare).resolve("lower-layers"), s.mid + ":" + s.base + "\n");
          s.editJson(s.paths.json(StoreFile.LAYERS), a -> removeId(a, s.spare));
        }, Code.LAYER_DIR_ORPHAN),
        fixable("layer flagged incomplete", (s, d) -> s.editJson(s.paths.json(StoreFile.LAYERS), a -> {
          a.forEach(n -> {
            if (n.path("id").asText().equals(s.spare)) {
              ((ObjectNode) n).putObject("flags").put("incomplete", true);
            }
          });
          return a;
        }), Code.LAYER_INCOMPLETE),
        found("parent missing", (s, d) -> s.editJson(s.paths.json(StoreFile.LAYERS), a -> removeId(a, s.base)),
            Code.PARENT_MISSING, Code.LAYER_DIR_ORPHAN),
        fixable("image top layer gone", (s, d) -> s.editJson(s.paths.json(StoreFile.IMAGES), a -> {
          a.addObject().put("id", "a".repeat(64)).put("layer", "b".repeat(64)).putArray("names").add("ghost:1");
          return a;
        }), Code.IMAGE_LAYER_MISSING),
        fixable("container layer gone", (s, d) -> s.editJson(s.paths.json(StoreFile.CONTAINERS), a -> {
          a.addObject().put("id", "c".repeat(64)).put("image", "a".repeat(64)).put("layer", "d".repeat(64))
              .putArray("names").add("ghost");
          return a;
        }), Code.CONTAINER_LAYER_MISSING),
        fixable("mounted with no user", (s, d) -> {
          s.go.mount(s.top);
          s.editJson(s.paths.json(StoreFile.MOUNTPOINTS), a -> removeId(a, s.top));
        }, Code.MOUNT_NO_USER),
        fixable("mount count without a mount (reboot)", (s, d) -> {
          Path merged = s.go.mount(s.top);
          Mounts.unmount(merged);
        }, Code.MOUNT_RECORD_STALE),
        fixable("work/work/incompat left", (s, d) -> Files.createDirectories(
            s.layer(s.mid).resolve("work/work/incompat/volatile")), Code.LEFTOVER_INCOMPAT),
        fixable("staging left", (s, d) -> Files.createDirectories(s.home().resolve("staging/abc/diff")),
            Code.LEFTOVER_STAGING),
        fixable("tempdirs left", (s, d) -> Files.createDirectories(s.home().resolve("tempdirs/xyz")),
            Code.LEFTOVER_TEMPDIRS),
        fixable("feature cache from before the boot", (s, d) -> {
          try (var files = Files.list(s.paths.runHome())) {
            for (Path p : files.toList()) {
              Files.setLastModifiedTime(p, FileTime.fromMillis(946_684_800_000L));
            }
          }
        }, Code.FEATURE_CACHE_STALE));
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode removeId(
      com.fasterxml.jackson.databind.node.ArrayNode a, String id) {
    for (int i = a.size() - 1; i >= 0; i--) {
      if (a.get(i).path("id").asText().equals(id)) {
        a.remove(i);
      }
    }
    return a;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checkFindsItAndRepairFixesIt(String name, Breaker breaker, Set<Code> expected, boolean fixable)
      throws Exception {
    Root.require();
    try (Scratch scratch = Scratch.create("corpus-")) {
      RealStore s = RealStore.create(scratch.path());
      SortedMap<String, String> top = s.goView(s.top);
      SortedMap<String, String> mid = s.goView(s.mid);
      assertThat(s.check()).as("a fresh Go store is clean").isEmpty();

      breaker.apply(s, scratch.path());
      List<Finding> found = s.check();
      assertThat(found.stream().map(Finding::code).collect(Collectors.toSet())).as(found.toString())
          .isEqualTo(expected);
      if (!fixable) {
        assertThat(Repairer.plan(found)).isEmpty();
        return;
      }
      assertThat(found).allMatch(Finding::repairable);
      RepairResult r = s.repair(true);
      assertThat(r.skipped()).isEmpty();
      assertThat(Files.readString(Path.of(r.journal()))).contains("\"result\":\"applied\"");
      assertThat(s.check()).as("a second check is clean").isEmpty();
      assertThat(s.goView(s.top)).isEqualTo(top);
      assertThat(s.goView(s.mid)).isEqualTo(mid);
    }
  }
}
