package dev.ovl.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The thin client of {@code ovl serve}: forwards one command to the resident server and relays its output, stdin
 * (only when the command reads it) and exit code. JDK only, so that it starts as fast as a bare JVM.
 */
public final class Client {
  /** Exit code meaning "no server, or the server will not run this": run the command locally instead. */
  public static final int RUN_LOCALLY = 75;
  static final String DEFAULT_SOCKET = "/run/ovl/ovl.sock";

  private Client() {}

  public static void main(String[] args) {
    String s = System.getenv("OVL_SOCKET");
    System.exit(run(Path.of(s == null || s.isEmpty() ? DEFAULT_SOCKET : s), args));
  }

  static int run(Path socket, String[] args) {
    SocketChannel ch;
    try {
      ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      return RUN_LOCALLY;
    }
    Frames frames = Frames.over(ch);
    CountDownLatch finished = new CountDownLatch(1);
    // Ctrl-C or SIGTERM: cancel the served command and hold the exit until it has rolled back, as a local run does.
    Thread hook = new Thread(() -> {
      try {
        frames.send(Frames.CANCEL, new byte[0]);
        finished.await(60, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        // the connection is gone: nothing is left to wait for
      }
    }, "ovl-client-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    boolean[] started = {false};
    try {
      frames.send(Frames.REQUEST, request(args).encode());
      code = relay(frames, started);
    } catch (IOException e) {
      if (!started[0]) { // a server failing as it starts, or dying before it got to the command: nothing was done
        code = RUN_LOCALLY;
      } else {
        System.err.println("ovl: " + (e.getMessage() != null ? e.getMessage() : "the ovl server went away"));
        code = 1;
      }
    } finally {
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // a signal came: the JVM exits with its code once the hook returns
    }
    return code;
  }

  /** Relays the served command's frames; {@code started[0]} turns true once any frame came from the server. */
  private static int relay(Frames frames, boolean[] started) throws IOException {
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    OutputStream err = new FileOutputStream(FileDescriptor.err);
    StdinPump stdin = new StdinPump(frames);
    while (true) {
      Frames.Frame f = frames.receive();
      if (f == null) {
        throw Frames.gone();
      }
      started[0] = true;
      switch (f.type()) {
        case Frames.STARTED -> { }
        case Frames.OUT -> out.write(f.data());
        case Frames.ERR -> err.write(f.data());
        case Frames.READ -> stdin.ask(f.asInt());
        case Frames.EXIT -> {
          return f.asInt();
        }
        case Frames.FALLBACK -> {
          return RUN_LOCALLY;
        }
        default -> throw new IOException("unexpected frame from the ovl server: " + (char) f.type());
      }
    }
  }

  /**
   * Reads stdin on its own thread, only as much as the command asks for, so that a Ctrl-C while the caller's stdin
   * is idle still reaches the server and the rollback's exit code still comes back.
   */
  private static final class StdinPump {
    private final java.util.concurrent.BlockingQueue<Integer> asks = new java.util.concurrent.LinkedBlockingQueue<>();

    StdinPump(Frames frames) {
      Thread t = new Thread(() -> {
        InputStream in = new FileInputStream(FileDescriptor.in); // unbuffered: never more than asked for
        try {
          while (true) {
            byte[] b = new byte[Math.min(asks.take(), 1 << 20)];
            int n = in.read(b, 0, b.length);
            frames.send(Frames.STDIN, b, 0, Math.max(n, 0));
          }
        } catch (IOException | InterruptedException e) {
          // the request is over
        }
      }, "ovl-client-stdin");
      t.setDaemon(true);
      t.start();
    }

    void ask(int max) {
      asks.add(max);
    }
  }

  static Request request(String[] args) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String k : Request.ENV) {
      String v = System.getenv(k);
      if (v != null) {
        env.put(k, v);
      }
    }
    String ns = Namespace.own();
    if (ns != null) {
      env.put(Namespace.VAR, ns);
    }
    return new Request(Arrays.asList(args), Path.of("").toAbsolutePath().toString(), isTty(0),
        isTty(1), isTty(2), env);
  }

  static boolean isTty(int fd) {
    try {
      String t = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
