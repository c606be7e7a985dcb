package dev.ovl.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds to the top command only the subcommands named on the command line (all of them when none is, for the
 * usage text): picocli builds every subcommand's model by reflection, which a short command should not pay for.
 */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine top, String[] args) {
    Class<?>[] all = OvlCommand.Tree.class.getAnnotation(Command.class).subcommands();
    Set<String> named = new HashSet<>(Arrays.asList(args));
    boolean any = Arrays.stream(all).anyMatch(c -> names(c).stream().anyMatch(named::contains));
    for (Class<?> c : all) {
      if (!any || names(c).stream().anyMatch(named::contains)) {
        top.addSubcommand(c);
      }
    }
    // `ovl CMD --help`, as a usage error's hint says; the inspector's options are its own, so it reads --help itself
    top.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommand() instanceof GuiCommand || sub.getCommandSpec().findOption("--help") != null) {
        return;
      }
      sub.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
          .description("Show this help message and exit.").build());
    });
  }

  private static Set<String> names(Class<?> c) {
    Command cmd = c.getAnnotation(Command.class);
    Set<String> n = Arrays.stream(cmd.aliases()).collect(Collectors.toSet());
    n.add(cmd.name());
    return n;
  }
}
