package dev.ovl.cli;

import java.io.IOException;
import java.nio.file.Path;

/** An in-process server on its own thread, stopped (socket removed) on close. */
final class Served implements AutoCloseable {
  final Path socket;
  private final Server server;
  private final Thread thread;

  private Served(Path socket) throws IOException {
    this.socket = socket;
    LogSetup.configureServed("warn");
    this.server = Server.listen(socket);
    this.thread = new Thread(() -> {
      try {
        server.serve(java.time.Duration.ZERO);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "test-serve");
    thread.start();
  }

  static Served on(Path socket) throws IOException {
    return new Served(socket);
  }

  Server server() {
    return server;
  }

  @Override
  public void close() throws Exception {
    server.close();
    thread.join(10_000);
  }
}
