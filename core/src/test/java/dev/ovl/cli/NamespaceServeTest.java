package dev.ovl.cli;

import static dev.ovl.cli.Procs.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A served command runs only for a client that sees the server's root and mount namespace; others run locally. */
class NamespaceServeTest {
  private static final String CP = System.getProperty("java.class.path");
  private static final Path NG = Path.of("/usr/bin/ng-nailgun");
  /** What the wrappers do: the client first, the command in a JVM of its own on exit 75 (mount counts its runs). */
  private static final String WRAPPER = "java -cp " + CP + " dev.ovl.cli.Client \"$@\"; rc=$?;"
      + " [ $rc -eq 75 ] || exit $rc; echo local >>runs; exec java -cp " + CP + " dev.ovl.cli.Main \"$@\"";

  @Test
  void aRequestWithoutTheClientsViewOrWithAnotherIsRefused() {
    String here = Namespace.own();
    assertThat(here).matches("\\d+ \\d+ \\d+:\\d+ .*");
    assertThat(Server.mustRunLocally(request(Map.of()), here))
        .isEqualTo("the client did not say which mount namespace and root it sees");
    assertThat(Server.mustRunLocally(request(Map.of(Namespace.VAR, "1" + here)), here))
        .isEqualTo("the client's mount namespace or root directory differs from the server's");
    assertThat(Server.mustRunLocally(request(Map.of(Namespace.VAR, "")), here)).isNotNull();
    assertThat(Server.mustRunLocally(request(Map.of(Namespace.VAR, here)), null)).isNotNull();
    assertThat(Server.mustRunLocally(request(Map.of(Namespace.VAR, here)), here)).isNull();
  }

  @Test
  void theClientsAndTheWrappersViewAreSpeltAlike() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("ns-spelling")) {
      assertThat(sh(s.path(), "read -r ns </proc/self/mountinfo; printf '%s' \"$ns\""))
          .isEqualTo(Namespace.own());
      String elsewhere = "read -r ns </proc/self/mountinfo; printf '%s' \"$ns\"";
      assertThat(sh(s.path(), "unshare -m --propagation private sh -c '" + elsewhere + "'"))
          .as("another mount namespace").isNotEqualTo(Namespace.own()).isNotEmpty();
      assertThat(sh(s.path(), "mkdir -p jail/proc && cp /bin/busybox jail/"
          + " && mount -t proc proc jail/proc && chroot jail /busybox sh -c '" + elsewhere + "' && umount jail/proc")).as("a chroot").isNotEqualTo(Namespace.own());
      assertThat(Client.request(new String[] {"status"}).env()).containsEntry(Namespace.VAR, Namespace.own());
    }
  }

  @Test
  void aClientInItsOwnMountNamespaceMountsThereAndOthersAreStillServed() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("ns-serve"); Served server = Served.on(s.resolve("ovl.sock"))) {
      Path root = s.resolve("root");
      assertThat(CliRun.of(root, s.resolve("run"), "create", "--id", "base").code).isZero();
      Path merged = root.resolve("overlay/base/merged");
      String host = "/proc/" + ProcessHandle.current().pid() + "/mountinfo";
      Files.writeString(s.resolve("ovl"), WRAPPER);
      String ovl = "OVL_SOCKET=" + server.socket + " sh ovl --root root --runroot run";
      Files.writeString(s.resolve("inside"), ovl + " mount base && grep -c ' " + merged + " ' /proc/self/mountinfo"
          + " && ! grep ' " + merged + " ' " + host + " && " + ovl + " unmount base"
          + " && ! grep ' " + merged + " ' /proc/self/mountinfo\n");
      String out = sh(s.path(), "unshare -m --propagation private sh inside");
      assertThat(out).as("mounted in the client's namespace only, and unmounted there")
          .isEqualTo(merged + "\n1\n");
      assertThat(Files.readAllLines(s.resolve("runs"))).as("both ran in their own JVMs").hasSize(2);
      assertThat(MountInfo.isMountPoint(merged)).isFalse();

      // the same client in the server's namespace is served: the mount is the server's, and no local run happened
      assertThat(sh(s.path(), ovl + " mount base")).isEqualTo(merged + "\n");
      assertThat(MountInfo.isMountPoint(merged)).isTrue();
      assertThat(sh(s.path(), ovl + " unmount base")).isEmpty();
      assertThat(MountInfo.isMountPoint(merged)).isFalse();
      assertThat(Files.readAllLines(s.resolve("runs"))).hasSize(2);

      if (Files.isExecutable(NG)) { // ng-nailgun with the wrappers' OVL_NS, spelt in each namespace
        String ng = "read -r ns </proc/self/mountinfo; OVL_NS=$ns NAILGUN_SERVER=local:" + server.socket + " " + NG
            + " ovl --root root --runroot run layers; echo rc=$?";
        assertThat(sh(s.path(), "unshare -m --propagation private sh -c '" + ng + "'")).isEqualTo("rc=75\n");
        assertThat(sh(s.path(), ng)).contains("\nbase ").endsWith("\nrc=0\n");
      }
    }
  }

  private static Request request(Map<String, String> env) {
    return new Request(List.of("status"), "/", false, false, false, env);
  }
}
