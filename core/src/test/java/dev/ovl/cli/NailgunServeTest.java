package dev.ovl.cli;

import static dev.ovl.cli.Procs.list;
import static dev.ovl.cli.Procs.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ovl.cli.Procs.Result;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ovl serve} through Debian's native nailgun client, {@code ng-nailgun}, on the server's own socket. */
class NailgunServeTest {
  private static final Path NG = Path.of("/usr/bin/ng-nailgun");

  private static void requireNailgun() {
    Root.require();
    if (!Files.isExecutable(NG)) {
      assertThat(System.getenv("CI")).as("ng-nailgun (package nailgun) is missing on CI").isNotEqualTo("true");
      assumeTrue(false, "ng-nailgun is not installed (apt install nailgun)");
    }
  }

  @Test
  void servedThroughNailgunMatchesLocalByteForByte() throws Exception {
    requireNailgun();
    try (Scratch s = Scratch.create("ng-serve"); Served server = Served.on(s.resolve("sock/ovl.sock"))) {
      Path root = s.resolve("root");
      Path run = s.resolve("run");
      Files.createDirectories(s.resolve("src/etc"));
      Files.writeString(s.resolve("src/etc/hosts"), "127.0.0.1 localhost\n");
      byte[] blob = new byte[100_000]; // many of the client's 2 KiB stdin chunks
      new Random(3).nextBytes(blob);
      Files.write(s.resolve("src/etc/blob"), blob);
      sh(s.path(), "tar --numeric-owner --owner=0 --group=0 -C src -cf base.tar etc");
      for (String id : List.of("base", "piped")) {
        assertThat(CliRun.of(root, run, "create", "--id", id).code).isZero();
      }
      CliRun local = CliRun.of(root, run, "apply-diff", "base", s.resolve("base.tar").toString());
      Result piped = ng(s, server, "base.tar", "--root", "root", "--runroot", "run", "apply-diff", "piped", "-");
      assertThat(piped.code).as(piped.toString()).isZero();
      assertThat(piped.out).isEqualTo(local.out);

      for (List<String> cmd : List.of(List.of("status"), List.of("layers"), List.of("diff-size", "base"),
          List.of("--json", "changes", "piped"), List.of("changes", "nosuch"), List.of("rm", "piped"))) {
        CliRun want = CliRun.of(root, run, cmd.toArray(String[]::new));
        List<String> args = new ArrayList<>(List.of("--root", "root", "--runroot", "run"));
        args.addAll(cmd);
        Result got = ng(s, server, null, args.toArray(String[]::new));
        assertThat(got.code).as(cmd + ": " + got).isEqualTo(want.code);
        assertThat(got.out).as(cmd.toString()).isEqualTo(want.out);
        assertThat(got.err).as(cmd.toString()).isEqualTo(want.err);
      }

      sh(s.path(), "java -cp " + System.getProperty("java.class.path")
          + " dev.ovl.cli.Main --root root --runroot run diff base > local.tar");
      Result tar = ng(s, server, null, "--root", "root", "--runroot", "run", "diff", "piped");
      assertThat(tar.bytes).isEqualTo(Files.readAllBytes(s.resolve("local.tar"))).hasSizeGreaterThan(100_000);

      // the wrapper as users run it: ng-nailgun for status (no jar needed on this path)
      String wrapped = sh(s.path(), "OVL_SOCKET=" + server.socket + " sh " + Path.of("../ovl").toAbsolutePath()
          + " --root root --runroot run --log-level warn status");
      assertThat(wrapped).isEqualTo(CliRun.of(root, run, "--log-level", "warn", "status").out);
    }
  }

  @Test
  void whatTheServerCannotRunExits75() throws Exception {
    requireNailgun();
    try (Scratch s = Scratch.create("ng-local"); Served server = Served.on(s.resolve("ovl.sock"))) {
      assertThat(ng(s, server, null, "--root", "root", "gui").code).isEqualTo(Client.RUN_LOCALLY);
      assertThat(ng(s, server, null, "serve").code).isEqualTo(Client.RUN_LOCALLY);
      ProcessBuilder other = ngProcess(s, server, "status");
      other.environment().put("CONTAINERS_STORAGE_CONF", s.resolve("storage.conf").toString());
      assertThat(other.start().waitFor()).as("an env the server cannot honour").isEqualTo(Client.RUN_LOCALLY);
      ProcessBuilder bare = ngProcess(s, server, "--version");
      bare.environment().remove(Namespace.VAR);
      assertThat(bare.start().waitFor()).as("a client that does not say where it is").isEqualTo(Client.RUN_LOCALLY);
      List<String> foreign = new ArrayList<>(List.of(NG.toString(), "com.example.Main"));
      ProcessBuilder pb = new ProcessBuilder(foreign).redirectErrorStream(true);
      pb.environment().put("NAILGUN_SERVER", "local:" + server.socket);
      Process p = pb.start();
      assertThat(new String(p.getInputStream().readAllBytes()).strip())
          .isEqualTo("ovl: this nailgun server runs only `ovl`, not `com.example.Main`");
      assertThat(p.waitFor()).isEqualTo(1);
    }
  }

  @Test
  void aKilledNailgunClientRollsTheServedApplyBack() throws Exception {
    requireNailgun();
    try (Scratch s = Scratch.create("ng-cancel"); Served server = Served.on(s.resolve("ovl.sock"))) {
      Files.createDirectories(s.resolve("src/big"));
      for (int i = 0; i < 2000; i++) { // small files: they show up (in diff.staging/) as they are written
        Files.write(s.resolve("src/big/f" + i), new byte[2048]);
      }
      sh(s.path(), "tar -C src -cf big.tar big");
      assertThat(CliRun.of(s.resolve("root"), s.resolve("run"), "create", "--id", "big").code).isZero();
      Path layer = s.resolve("root/overlay/big");
      List<Path> before = list(layer);
      Process p = ngProcess(s, server, "--root", "root", "--runroot", "run", "apply-diff", "big", "-").start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(Files.readAllBytes(s.resolve("big.tar")), 0, 2 << 20);
        in.flush(); // returns once the client has passed most of it on
        long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list(layer).equals(before) && System.nanoTime() < started) {
          Thread.sleep(20);
        }
        assertThat(list(layer)).as("the apply is under way").isNotEqualTo(before);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      } catch (IOException pipeClosed) {
        // the client died while we were closing its stdin
      }
      assertThat(p.exitValue()).as("killed by SIGINT").isEqualTo(130);
      // the client is gone at once; the server notices, cancels and rolls back on its own
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && !(list(layer).equals(before) && list(layer.resolve("diff")).isEmpty())) {
        Thread.sleep(50);
      }
      assertThat(list(layer)).isEqualTo(before);
      assertThat(list(layer.resolve("diff"))).isEmpty();
    }
  }

  private static ProcessBuilder ngProcess(Scratch s, Served server, String... args) {
    List<String> cmd = new ArrayList<>(List.of(NG.toString(), NailgunWire.COMMAND));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(s.path().toFile());
    pb.environment().put("NAILGUN_SERVER", "local:" + server.socket);
    pb.environment().remove("CONTAINERS_STORAGE_CONF");
    pb.environment().put(Namespace.VAR, Namespace.own()); // as the wrappers export it
    return pb;
  }

  private static Result ng(Scratch s, Served server, String stdin, String... args) throws Exception {
    return Procs.run(s, ngProcess(s, server, args), stdin);
  }
}
