package dev.ovl.cli;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {"Run commands for `ovl` clients in this resident process (faster short "
    + "commands), for clients that see its mount namespace and root; others run theirs locally. Stop it with "
    + "SIGTERM; clients fall back to running locally when it is gone.",
    "Started by systemd socket activation (or with a listening socket on stdin), it serves that socket. The .deb "
    + "enables and starts ovl.socket; `systemctl disable --now ovl.socket` turns it off."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand OvlCommand ovl;

  @Spec CommandSpec spec;

  @Option(names = "--socket", paramLabel = "PATH", description = "The UNIX socket to listen on. Default: "
      + Client.DEFAULT_SOCKET)
  Path socket = Path.of(Client.DEFAULT_SOCKET);

  @Option(names = "--idle-exit", paramLabel = "SECONDS", description = "Exit once no command has run for SECONDS "
      + "(default 0: never); with socket activation the next client starts the server again.")
  long idleExit;

  @Override
  public Integer call() throws Exception {
    LogSetup.configureServed(ovl.logLevel);
    if (idleExit < 0) {
      throw new ParameterException(spec.commandLine(), "--idle-exit must be 0 or more");
    }
    ServerSocketChannel inherited = Activation.listener(System.getenv());
    Server server = inherited != null ? Server.adopt(inherited) : Server.listen(socket);
    Thread stop = new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        System.err.println("ovl: " + Errors.oneLine(e));
      }
    }, "ovl-serve-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    LoggerFactory.getLogger(ServeCommand.class).info("serving on {}", server.socket());
    server.serve(Duration.ofSeconds(idleExit));
    return 0;
  }
}
