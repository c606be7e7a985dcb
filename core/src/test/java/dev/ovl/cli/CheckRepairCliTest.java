package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovl.interop.GoStorage;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ovl check} and {@code ovl repair} on a Go-made store: exit codes, plan-only, --yes, --force, journal. */
class CheckRepairCliTest {
  @Test
  void missingStoreIsOneLineAndCreatesNothing() throws Exception {
    try (Scratch s = Scratch.create("cli-check-")) {
      Path root = s.resolve("nothing-here");
      CliRun r = CliRun.of(root, s.resolve("run"), "check");
      assertThat(r.code).isEqualTo(1);
      assertThat(r.err.strip()).isEqualTo("ovl: no store at " + root);
      assertThat(root).doesNotExist();
    }
  }

  @Test
  void checkPlanRepairAndCheckAgain() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("cli-check-")) {
      GoStorage go = GoStorage.on(s.resolve("root"), s.resolve("run"));
      String base = go.run(List.of("create-layer")).strip();
      String child = go.run(List.of("create-layer", base)).strip();
      go.run(List.of("create-image", "-n", "busy:1", child));
      Path root = go.root();
      Path run = go.runRoot();
      CliRun clean = CliRun.of(root, run, "check");
      assertThat(clean.code).as(clean.toString()).isZero();
      assertThat(clean.out).contains("no problems found");

      Path home = go.home();
      String link = Files.readString(home.resolve(base).resolve("link")).strip();
      Files.delete(home.resolve("l").resolve(link));
      Files.writeString(root.resolve("overlay-images/images.json"), Files.readString(
          root.resolve("overlay-images/images.json")).replace(child, "f".repeat(64)));

      CliRun found = CliRun.of(root, run, "check");
      assertThat(found.code).isEqualTo(1);
      assertThat(found.out).contains("ERROR LINK_MISSING", "ERROR IMAGE_LAYER_MISSING", "busy:1", "seen: ");
      JsonNode json = new ObjectMapper().readTree(CliRun.of(root, run, "--json", "check").out);
      assertThat(json).hasSize(2);
      assertThat(json.get(0).get("code").asText()).isEqualTo("LINK_MISSING");
      assertThat(json.get(0).get("repair").get(0).get("newContent").asText()).isEqualTo("../" + base + "/diff");

      String imagesBefore = Files.readString(root.resolve("overlay-images/images.json"));
      CliRun plan = CliRun.of(root, run, "repair");
      assertThat(plan.code).isEqualTo(1);
      assertThat(plan.out).contains("1. ", "create l/" + link, "(needs --force)", "plan only: nothing changed");
      assertThat(Files.exists(home.resolve("l").resolve(link), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();

      CliRun yes = CliRun.of(root, run, "repair", "--yes");
      assertThat(yes.code).as(yes.toString()).isEqualTo(1);
      assertThat(yes.out).contains("done: create l/" + link, "needs --force: remove image",
          "journal: " + root.resolve("ovl-repair.journal"), "1 problem(s) left");
      assertThat(Files.readString(root.resolve("overlay-images/images.json"))).isEqualTo(imagesBefore);

      CliRun force = CliRun.of(root, run, "repair", "--yes", "--force");
      assertThat(force.code).as(force.toString()).isZero();
      assertThat(force.out).contains("check: no problems left");
      assertThat(Files.readString(root.resolve("ovl-repair.journal")).lines()).hasSize(2);
      try (var siblings = Files.list(root.resolve("overlay-images"))) {
        assertThat(siblings.map(p -> p.getFileName().toString()))
            .anyMatch(n -> n.startsWith("images.json.ovl-backup-"));
      }
      assertThat(CliRun.of(root, run, "check").code).isZero();
      assertThat(go.run(List.of("images"))).doesNotContain("busy:1");
      assertThat(go.mount(child)).as("the Go peer mounts the repaired chain").isDirectory();
      go.unmount(child);
    }
  }
}
