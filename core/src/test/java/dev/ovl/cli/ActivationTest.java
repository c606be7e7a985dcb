package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ovl serve} started by socket activation: systemd's own test launcher, systemd-socket-activate, binds the
 * socket, starts the server on the first client's connection and hands the socket over as systemd does.
 */
class ActivationTest {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private static Process activator(Scratch s, List<String> sockets, String... serveArgs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("systemd-socket-activate"));
    sockets.forEach(sock -> cmd.addAll(List.of("-l", s.resolve(sock).toString())));
    cmd.addAll(List.of(JAVA, "-cp", System.getProperty("java.class.path"), "dev.ovl.cli.Main", "serve"));
    cmd.addAll(List.of(serveArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(s.resolve("activator.log").toFile())
        .start();
    for (String sock : sockets) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(s.resolve(sock)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.resolve(sock)).as(Files.readString(s.resolve("activator.log"))).exists();
    }
    return p;
  }

  private static Procs.Result client(Scratch s, String sock, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path"),
        "dev.ovl.cli.Client"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(s.path().toFile());
    pb.environment().put("OVL_SOCKET", s.resolve(sock).toString());
    return Procs.run(s, pb, null);
  }

  @Test
  void anActivatedServerServesItsSocketAndLeavesItWhenIdle() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("activation")) {
      Process activator = activator(s, List.of("ovl.sock"), "--idle-exit", "2");
      try {
        Procs.Result served = client(s, "ovl.sock", "--root", "root", "--runroot", "run", "status");
        // exit 75 would mean "no server here, run it yourself"
        assertThat(served.code).as(served.toString()).isZero();
        assertThat(served.out).contains("Backing Filesystem");
        String cmdline = Files.readString(Path.of("/proc", Long.toString(activator.pid()), "cmdline"));
        assertThat(cmdline).as("the activator started the server in its own place").contains("dev.ovl.cli.Main");
        assertThat(activator.waitFor(20, TimeUnit.SECONDS)).as("exits after 2 s without a command").isTrue();
        assertThat(activator.exitValue()).as(Files.readString(s.resolve("activator.log"))).isZero();
        assertThat(s.resolve("ovl.sock")).as("the socket is its binder's to remove").exists();
      } finally {
        activator.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void moreThanOneSocketIsRefusedInOneLine() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("activation")) {
      Process activator = activator(s, List.of("a.sock", "b.sock"));
      try {
        Procs.Result refused = client(s, "a.sock", "status");
        // the server failed as it started, before it read anything: the client's command is still to be run
        assertThat(refused.code).as(refused.toString()).isEqualTo(Client.RUN_LOCALLY);
        assertThat(refused.out + refused.err).isEmpty();
        assertThat(activator.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(activator.exitValue()).isEqualTo(1);
        assertThat(Files.readString(s.resolve("activator.log")))
            .contains("ovl: socket activation passed 2 sockets; ovl serve listens on one");
      } finally {
        activator.destroyForcibly().waitFor();
      }
    }
  }
}
