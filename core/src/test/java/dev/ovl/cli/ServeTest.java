package dev.ovl.cli;

import static dev.ovl.cli.Procs.list;
import static dev.ovl.cli.Procs.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.cli.Procs.Result;
import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ovl serve} and its client: a served command prints, reads and exits as the same command run locally. */
class ServeTest {
  private static final Path CLASSES = Path.of("target/classes").toAbsolutePath();

  @Test
  void servedCommandsMatchLocalOnes() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve"); Served server = Served.on(s.resolve("sock/ovl.sock"))) {
      Path root = s.resolve("root");
      Path run = s.resolve("run");
      Files.createDirectories(s.resolve("src/etc"));
      Files.writeString(s.resolve("src/etc/hosts"), "127.0.0.1 localhost\n");
      sh(s.path(), "tar --numeric-owner --owner=0 --group=0 -C src -cf base.tar etc");
      assertThat(CliRun.of(root, run, "create", "--id", "base").code).isZero();
      assertThat(CliRun.of(root, run, "create", "--id", "piped").code).isZero();

      Result applied = client(s, server, "base.tar", "--root", "root", "--runroot", "run", "apply-diff", "base",
          "base.tar");
      assertThat(applied.code).as(applied.toString()).isZero();
      assertThat(applied.out.strip()).isEqualTo("20");
      Result piped = client(s, server, "base.tar", "--root", "root", "--runroot", "run", "apply-diff", "piped", "-");
      assertThat(piped.out.strip()).as(piped.toString()).isEqualTo("20");

      for (List<String> cmd : List.of(List.of("status"), List.of("layers"), List.of("diff-size", "base"),
          List.of("--json", "changes", "base"), List.of("diff", "nosuch"), List.of("create", "--id", "base"),
          List.of("rm", "piped"))) { // rm without --force and without a terminal: the same refusal
        CliRun local = CliRun.of(root, run, cmd.toArray(String[]::new));
        List<String> args = new ArrayList<>(List.of("--root", "root", "--runroot", "run"));
        args.addAll(cmd);
        Result served = client(s, server, null, args.toArray(String[]::new));
        assertThat(served.code).as(cmd + ": " + served).isEqualTo(local.code);
        assertThat(served.out).as(cmd.toString()).isEqualTo(local.out);
        assertThat(served.err).as(cmd.toString()).isEqualTo(local.err);
      }

      sh(s.path(), "java -cp " + System.getProperty("java.class.path")
          + " dev.ovl.cli.Main --root root --runroot run diff base > local.tar");
      Result tar = client(s, server, null, "--root", "root", "--runroot", "run", "diff", "base");
      assertThat(tar.bytes).isEqualTo(Files.readAllBytes(s.resolve("local.tar"))).hasSizeGreaterThan(1024);

      Path merged = root.resolve("overlay/base/merged");
      LogSetup.configureServed("warn"); // the local runs above, in this JVM, set logging up for themselves
      Result mounted = client(s, server, null, "--root", "root", "--runroot", "run", "--log-level", "debug", "mount",
          "base");
      assertThat(mounted.out.strip()).as(mounted.toString()).isEqualTo(merged.toString());
      assertThat(mounted.err).as("the served command's own log lines reach its client").contains("DEBUG[")
          .contains("mount_data=");
      assertThat(MountInfo.isMountPoint(merged)).isTrue();
      assertThat(client(s, server, null, "--root", "root", "--runroot", "run", "unmount", "base").code).isZero();
      assertThat(MountInfo.isMountPoint(merged)).isFalse();
    }
  }

  @Test
  void aCommandThatDoesNotReadStdinLeavesItToTheCaller() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve-stdin"); Served server = Served.on(s.resolve("ovl.sock"))) {
      Files.writeString(s.resolve("input"), "still here\n");
      String out = sh(s.path(), "OVL_SOCKET=" + server.socket + " java -cp " + CLASSES
          + " dev.ovl.cli.Client --root root --runroot run status >/dev/null; cat", s.resolve("input"));
      assertThat(out).isEqualTo("still here\n");
    }
  }

  @Test
  void ctrlCOfAServedApplyRollsBack() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve-cancel"); Served server = Served.on(s.resolve("ovl.sock"))) {
      Process p = interruptedApply(s, server);
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(130);
      assertRolledBack(s);
    }
  }

  @Test
  void stoppingTheServerRollsBackAServedApply() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve-stop"); Served server = Served.on(s.resolve("ovl.sock"))) {
      Process p = interruptedApply(s, server);
      server.server().close();
      assertThat(s.resolve("ovl.sock")).doesNotExist();
      assertRolledBack(s);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(new String(p.getErrorStream().readAllBytes())).startsWith("ovl: ").doesNotContain("\tat ");
    }
  }

  /** A served apply-diff of big/a (4 MiB) and big/b, reading from the client's stdin, stopped after 1 MiB. */
  private static Process interruptedApply(Scratch s, Served server) throws Exception {
    Files.createDirectories(s.resolve("src/big"));
    try (OutputStream o = Files.newOutputStream(s.resolve("src/big/a"))) {
      o.write(new byte[4 << 20]);
    }
    Files.writeString(s.resolve("src/big/b"), "b");
    sh(s.path(), "tar -C src -cf big.tar big");
    CliRun created = CliRun.of(s.resolve("root"), s.resolve("run"), "create", "--id", "big");
    assertThat(created.code).as(created.toString()).isZero();
    Path layer = s.resolve("root/overlay/big");
    List<Path> before = list(layer);
    Files.writeString(s.resolve("before"), String.join("\n", before.stream().map(Path::toString).toList()));
    Process p = clientProcess(s, server, "--root", "root", "--runroot", "run", "apply-diff", "big", "-").start();
    byte[] tar = Files.readAllBytes(s.resolve("big.tar"));
    p.getOutputStream().write(tar, 0, 1 << 20);
    p.getOutputStream().flush(); // returns once the client has passed most of it on
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (list(layer).equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(list(layer)).as("the apply is under way (its staging dir is there)").isNotEqualTo(before);
    Thread.sleep(100); // and into big/a
    return p;
  }

  private static void assertRolledBack(Scratch s) throws IOException {
    Path layer = s.resolve("root/overlay/big");
    assertThat(String.join("\n", list(layer).stream().map(Path::toString).toList()))
        .isEqualTo(Files.readString(s.resolve("before")));
    assertThat(list(layer.resolve("diff"))).isEmpty();
  }

  @Test
  void commandsThatMustOwnTheirProcessAndMissingServersRunLocally() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve-local"); Served server = Served.on(s.resolve("ovl.sock"))) {
      assertThat(client(s, server, null, "--root", "root", "gui").code).isEqualTo(Client.RUN_LOCALLY);
      assertThat(client(s, server, null, "serve").code).isEqualTo(Client.RUN_LOCALLY);
      assertThat(Client.run(s.resolve("none.sock"), new String[] {"status"})).isEqualTo(Client.RUN_LOCALLY);
      assertThat(new Request(List.of("--root", "serve", "--log-level", "x", "layers"), "/", false, false, false,
          java.util.Map.of()).subcommand()).isEqualTo("layers");
    }
  }

  @Test
  void aSecondServerAndAnotherUserAreRefused() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve-refuse"); Served server = Served.on(s.resolve("ovl.sock"))) {
      CliRun second = CliRun.raw("serve", "--socket", server.socket.toString());
      assertThat(second.code).isEqualTo(1);
      assertThat(second.err.strip()).isEqualTo("ovl: another ovl server answers on " + server.socket);
      UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
      assertThat(Server.allowed(users.lookupPrincipalByName("root"), users.lookupPrincipalByName("root"))).isTrue();
      assertThat(Server.allowed(users.lookupPrincipalByName("nobody"), users.lookupPrincipalByName("root")))
          .isFalse();
    }
  }

  @Test
  void aStaleSocketIsReplacedAndStoppingRemovesIt() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve-stale")) {
      Path sock = s.resolve("ovl.sock");
      Server dead = Server.listen(sock);
      dead.close();
      try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
        ch.bind(java.net.UnixDomainSocketAddress.of(sock));
      }
      assertThat(sock).exists();
      try (Served server = Served.on(sock)) {
        assertThat(client(s, server, null, "--version").code).isZero();
      }
      assertThat(sock).doesNotExist();
    }
  }

  @Test
  void confirmationAsksOnTheClientsTerminal() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("serve-ask"); Served server = Served.on(s.resolve("ovl.sock"))) {
      assertThat(CliRun.of(s.resolve("root"), s.resolve("run"), "create", "--id", "victim").code).isZero();
      String client = "OVL_SOCKET=" + server.socket + " java -cp " + CLASSES
          + " dev.ovl.cli.Client --root root --runroot run rm victim; echo rc=$?";
      // script(1) gives the client a terminal; the answer is typed once the question can be on it
      String out = sh(s.path(), "(sleep 1.5; printf 'y\\n') | script -qc '" + client + "' /dev/null");
      assertThat(out).contains("Remove layer victim and everything in it? [y/N]").contains("rc=0");
      assertThat(s.resolve("root/overlay/victim")).doesNotExist();
    }
  }

  @Test
  void aServerGoneMidRequestFailsTheClientWithExit1() throws Exception {
    try (Scratch s = Scratch.create("serve-gone");
        var fake = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      fake.bind(java.net.UnixDomainSocketAddress.of(s.resolve("ovl.sock")));
      Thread t = new Thread(() -> {
        try (var c = fake.accept()) {
          Frames f = Frames.over(c);
          f.receive();
          f.send(Frames.OUT, "partial".getBytes());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      t.start();
      assertThat(Client.run(s.resolve("ovl.sock"), new String[] {"layers"})).isEqualTo(1);
      t.join(10_000);
    }
  }

  private static ProcessBuilder clientProcess(Scratch s, Served server, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", CLASSES.toString(), "dev.ovl.cli.Client"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(s.path().toFile());
    pb.environment().put("OVL_SOCKET", server.socket.toString());
    return pb;
  }

  private static Result client(Scratch s, Served server, String stdin, String... args) throws Exception {
    return Procs.run(s, clientProcess(s, server, args), stdin);
  }
}
