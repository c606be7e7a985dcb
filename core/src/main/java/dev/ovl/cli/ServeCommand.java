package dev.ovl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", description = {"Run commands for `ovl` clients in this resident process (opt-in: faster "
    + "short commands). Stop it with SIGTERM; clients fall back to running locally when it is gone."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;

  @Option(names = "--socket", paramLabel = "PATH", description = "The UNIX socket to listen on. Default: "
      + Client.DEFAULT_SOCKET)
  Path socket = Path.of(Client.DEFAULT_SOCKET);

  @Override
  public Integer call() throws Exception {
    LogSetup.configureServed(ovl.logLevel);
    Server server = Server.listen(socket);
    Thread stop = new Thread(() -> {
      try {
        server.close();
      } catch (java.io.IOException e) {
        System.err.println("ovl: " + Errors.oneLine(e));
      }
    }, "ovl-serve-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    org.slf4j.LoggerFactory.getLogger(ServeCommand.class).info("serving on {}", server.socket());
    server.serve();
    return 0;
  }
}
