package dev.ovl.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ovl serve}: runs clients' commands in this warm JVM, each on its own thread, for the same user only. */
final class Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);
  /** Commands that must own their process: the inspector's window, and a server. */
  private static final List<String> NEVER_SERVED = List.of("gui", "serve");

  private final Path socket;
  private final ServerSocketChannel listener;
  /** False when the socket was inherited: whoever bound it (systemd) removes it. */
  private final boolean ownsSocket;
  private final UserPrincipal self;
  private final Selector selector;
  private final AtomicLong requests = new AtomicLong();
  private final Set<Session> active = ConcurrentHashMap.newKeySet();
  private volatile long lastActive = System.nanoTime();
  private volatile boolean closed;

  private Server(Path socket, ServerSocketChannel listener, boolean ownsSocket) throws IOException {
    this.socket = socket;
    this.listener = listener;
    this.ownsSocket = ownsSocket;
    this.self = FileSystems.getDefault().getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name"));
    this.selector = Selector.open();
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
  }

  /** Serves on a socket bound by someone else (socket activation); it stays in place when the server ends. */
  static Server adopt(ServerSocketChannel listener) throws IOException {
    Path sock = ((UnixDomainSocketAddress) listener.getLocalAddress()).getPath();
    return new Server(sock, listener, false);
  }

  /** Listens on {@code socket} (its directory made 0700 if missing, the socket 0600); a live server there wins. */
  static Server listen(Path socket) throws IOException {
    Path sock = socket.toAbsolutePath();
    UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(sock);
    if (Files.exists(sock, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.readAttributes(sock, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
        throw new IllegalStateException("not a socket, not touching it: " + sock);
      }
      try (SocketChannel probe = SocketChannel.open(addr)) {
        throw new IllegalStateException("another ovl server answers on " + sock);
      } catch (IOException stale) {
        Files.delete(sock);
      }
    }
    if (!Files.isDirectory(sock.getParent())) {
      Files.createDirectories(sock.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(addr);
      Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | RuntimeException e) {
      ch.close();
      Files.deleteIfExists(sock);
      throw e;
    }
    try {
      return new Server(sock, ch, true);
    } catch (IOException | RuntimeException e) {
      ch.close();
      Files.deleteIfExists(sock);
      throw e;
    }
  }

  Path socket() {
    return socket;
  }

  /**
   * Accepts clients until {@link #close()}, or until no command has run for {@code idle} (zero: never), so that
   * a socket-activated server gives its memory back; systemd starts it again for the next client.
   */
  void serve(Duration idle) throws IOException {
    try (selector) {
      acceptUntilDone(idle);
    }
  }

  private void acceptUntilDone(Duration idle) throws IOException {
    while (!closed) {
      long waitMs = 0;
      if (!idle.isZero()) {
        long left = idle.toNanos() - (System.nanoTime() - lastActive);
        if (left <= 0 && active.isEmpty()) {
          LOG.info("no command for {} s: exiting", idle.toSeconds());
          return;
        }
        waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left > 0 ? left : idle.toNanos()));
      }
      selector.select(waitMs);
      selector.selectedKeys().clear();
      SocketChannel c;
      try {
        c = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      }
      if (c == null) {
        continue;
      }
      lastActive = System.nanoTime();
      long n = requests.incrementAndGet();
      Thread t = new Thread(() -> handle(c, n), "ovl-serve-" + n);
      t.setDaemon(true);
      t.start();
    }
  }

  private void handle(SocketChannel c, long n) {
    try {
      UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
      String refusal = allowed(peer.user(), self) ? null
          : "refused: the ovl server runs as " + self.getName() + ", not as " + peer.user().getName();
      ByteBuffer first = ByteBuffer.allocate(1);
      if (c.read(first) < 0) {
        c.close();
        return;
      }
      // ovl's frames start with a type letter; a nailgun chunk with its length's high byte, 0
      byte b = first.get(0);
      Wire wire = b == 0 ? NailgunWire.over(c, b) : Wire.frames(Frames.over(c, b));
      Session session = Session.of(c, wire);
      active.add(session);
      try {
        session.serve(refusal, "ovl-served-" + n);
      } finally {
        active.remove(session);
        lastActive = System.nanoTime();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("request {}: {}", n, Errors.oneLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Only the server's own user may run commands through it. */
  static boolean allowed(UserPrincipal peer, UserPrincipal self) {
    return Objects.equals(peer, self);
  }

  /** Why {@code req} must run in the client's own process (null: it can be served). */
  static String mustRunLocally(Request req) {
    return mustRunLocally(req, Namespace.own()); // read again: the first mount may have been remounted since
  }

  /** As {@link #mustRunLocally(Request)} for a server whose {@link Namespace} is {@code ns}. */
  static String mustRunLocally(Request req, String ns) {
    if (NEVER_SERVED.contains(req.subcommand())) {
      return req.subcommand() + " is never served";
    }
    String view = req.env().get(Namespace.VAR);
    if (view == null || ns == null) {
      return "the client did not say which mount namespace and root it sees";
    }
    if (!view.equals(ns)) {
      return "the client's mount namespace or root directory differs from the server's";
    }
    for (String k : Request.ENV) {
      String mine = System.getenv(k);
      String theirs = req.env().get(k);
      if (!Objects.equals(mine, theirs)) {
        return k + " differs from the server's";
      }
      if (theirs != null && !theirs.isEmpty() && !Path.of(theirs).isAbsolute() && !req.cwd().equals(
          Path.of("").toAbsolutePath().toString())) {
        return k + " is relative to another directory";
      }
    }
    return null;
  }

  /** Stops accepting, removes the socket, and cancels the commands still running and waits for their rollback. */
  @Override
  public void close() throws IOException {
    closed = true;
    selector.wakeup();
    listener.close();
    if (ownsSocket) {
      Files.deleteIfExists(socket);
    }
    for (Session s : active) {
      try {
        s.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
