package dev.ovl.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.ParentCommand;

/** Starts the inspector if it is on the class path; the core jar itself stays free of JavaFX. */
@Command(name = "gui", description = "Open the inspector (needs the ovl-gui jar and JavaFX).")
final class GuiCommand implements Callable<Integer> {
  static final String LAUNCHER = "dev.ovl.gui.Launcher";

  @ParentCommand OvlCommand ovl;

  /** Everything after {@code gui} that is not a global option goes to the inspector, options included. */
  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Class<?> launcher;
    try {
      launcher = Class.forName(LAUNCHER);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the inspector is not installed (no " + LAUNCHER + " on the class path)");
    }
    List<String> all = new ArrayList<>();
    if (ovl.root != null) {
      all.addAll(List.of("--root", ovl.root().toString()));
    }
    if (ovl.runRoot != null) {
      all.addAll(List.of("--runroot", ovl.runRoot().toString()));
    }
    ovl.storageOpts.forEach(o -> all.addAll(List.of("-o", o)));
    all.addAll(args);
    try {
      return (Integer) launcher.getMethod("run", String[].class).invoke(null, (Object) all.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }
}
