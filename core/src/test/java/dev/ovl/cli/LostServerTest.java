package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Scratch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A server that goes away: before it answered anything the command runs locally, after that it failed. */
class LostServerTest {
  private static final Path NG = Path.of("/usr/bin/ng-nailgun");

  /** Accepts one client, reads what it sends, answers {@code reply} and hangs up. */
  private static Thread lostServer(ServerSocketChannel listener, byte[] reply) {
    Thread t = new Thread(() -> {
      try (SocketChannel c = listener.accept()) {
        c.read(ByteBuffer.allocate(1 << 16));
        c.write(ByteBuffer.wrap(reply));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "lost-server");
    t.start();
    return t;
  }

  private static ServerSocketChannel listen(Path sock) throws Exception {
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ch.bind(UnixDomainSocketAddress.of(sock));
    return ch;
  }

  @Test
  void aServerLostBeforeItsFirstFrameLeavesTheCommandToTheClient() throws Exception {
    try (Scratch s = Scratch.create("lost-server"); ServerSocketChannel l = listen(s.resolve("ovl.sock"))) {
      Thread server = lostServer(l, new byte[0]);
      assertThat(Client.run(s.resolve("ovl.sock"), new String[] {"status"})).isEqualTo(Client.RUN_LOCALLY);
      server.join();
    }
  }

  @Test
  void aServerLostAfterTheCommandStartedIsAFailure() throws Exception {
    try (Scratch s = Scratch.create("lost-server"); ServerSocketChannel l = listen(s.resolve("ovl.sock"))) {
      Thread server = lostServer(l, new byte[] {Frames.STARTED, 0, 0, 0, 0});
      PrintStream err = System.err;
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      System.setErr(new PrintStream(said, true));
      try {
        assertThat(Client.run(s.resolve("ovl.sock"), new String[] {"status"})).isEqualTo(1);
      } finally {
        System.setErr(err);
      }
      assertThat(said.toString().lines().filter(line -> !line.startsWith("INFO: Instrumented"))) // a verify-time agent
          .containsExactly("ovl: the ovl server went away mid-request");
      server.join();
    }
  }

  /** ng-nailgun exits 227 on a lost connection, whether or not the server had answered: the wrappers probe. */
  @Test
  void ngNailgunSaysOnlyThatTheConnectionBroke() throws Exception {
    if (!Files.isExecutable(NG)) {
      assertThat(System.getenv("CI")).as("ng-nailgun (package nailgun) is missing on CI").isNotEqualTo("true");
      return;
    }
    try (Scratch s = Scratch.create("lost-ng"); ServerSocketChannel l = listen(s.resolve("ovl.sock"))) {
      byte[] someOutput = {0, 0, 0, 2, '1', 'o', 'k'};
      for (byte[] reply : new byte[][] {new byte[0], someOutput}) {
        Thread server = lostServer(l, reply);
        ProcessBuilder pb = new ProcessBuilder(NG.toString(), "ovl", "status").directory(s.path().toFile());
        pb.environment().put("NAILGUN_SERVER", "local:" + s.resolve("ovl.sock"));
        assertThat(Procs.run(s, pb, null).code).isEqualTo(227);
        server.join();
      }
    }
  }
}
