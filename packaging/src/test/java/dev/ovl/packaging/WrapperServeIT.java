package dev.ovl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The checkout's {@code ./ovl} runs a command itself when the server failed before it, or sees other mounts. */
class WrapperServeIT {
  private static final Path TOP = Run.TARGET.toAbsolutePath().getParent().getParent();
  private static final String OVL = TOP.resolve("ovl").toString();

  @Test
  void aServerLostBeforeItAnswersLeavesTheCommandToTheWrapper() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("wrapper-lost");
        ServerSocketChannel lost = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      lost.bind(UnixDomainSocketAddress.of(s.resolve("ovl.sock")));
      Thread t = new Thread(() -> { // every client: read what it sends, hang up without a word
        while (true) {
          try (SocketChannel c = lost.accept()) {
            c.read(ByteBuffer.allocate(1 << 16));
          } catch (IOException closed) {
            return;
          }
        }
      }, "lost-server");
      t.setDaemon(true);
      t.start();
      Run r = Run.of(List.of("sh", OVL, "--root", s.resolve("root").toString(), "--runroot",
          s.resolve("run").toString(), "status"), Map.of("OVL_SOCKET", s.resolve("ovl.sock").toString()));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("Home: " + s.resolve("root/overlay"));
    }
  }

  @Test
  void inItsOwnMountNamespaceTheWrapperMountsThereItself() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("wrapper-ns")) {
      Path sock = s.resolve("ovl.sock");
      ProcessBuilder pb = new ProcessBuilder("sh", OVL, "serve", "--socket", sock.toString())
          .redirectErrorStream(true).redirectOutput(s.resolve("serve.log").toFile());
      pb.environment().put("OVL_NO_SERVER", "1");
      Process server = pb.start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(sock) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(sock).as(Files.readString(s.resolve("serve.log"))).exists();
        Map<String, String> env = Map.of("OVL_SOCKET", sock.toString());
        String ovl = "sh " + OVL + " --root " + s.resolve("root") + " --runroot " + s.resolve("run");
        assertThat(Run.of(List.of("sh", "-c", ovl + " create --id base"), env).exit()).isZero();
        String merged = " " + s.resolve("root/overlay/base/merged") + " ";
        String host = "/proc/" + server.pid() + "/mountinfo"; // the server's (the wrapper execs its JVM)
        Run inside = Run.of(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
            ovl + " mount base >/dev/null && grep -c '" + merged + "' /proc/self/mountinfo && ! grep '" + merged
                + "' " + host + " && " + ovl + " unmount base && ! grep '" + merged + "' /proc/self/mountinfo"), env);
        assertThat(inside.exit()).as(inside.err()).isZero();
        assertThat(inside.out()).as("mounted in the client's namespace, not the server's").isEqualTo("1\n");
        Run here = Run.of(List.of("sh", "-c", ovl + " mount base >/dev/null && grep -c '" + merged + "' " + host
            + " && " + ovl + " unmount base"), env);
        assertThat(here.exit()).as(here.err()).isZero();
        assertThat(here.out()).isEqualTo("1\n");
      } finally {
        server.destroy();
        server.waitFor(70, TimeUnit.SECONDS);
      }
    }
  }
}
