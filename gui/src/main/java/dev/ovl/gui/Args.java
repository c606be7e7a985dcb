package dev.ovl.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The inspector's command line. */
record Args(Path root, Path runRoot, List<String> options, Path screenshot, String view, String layer,
    boolean demo, boolean readOnly, int width, int height) {
  static final Set<String> VIEWS = Set.of("layers", "chain", "links", "mounts", "diff", "health");
  static final String USAGE = """
      Usage: ovl gui [--root DIR] [--runroot DIR] [-o KEY=VAL]... [--demo] [--read-only]
                     [--screenshot FILE [--view layers|chain|links|mounts|diff|health] [--layer ID] [--size WxH]]
        --demo        open a demo store built in /var/tmp (removed on exit); also offered when there is no store
        --read-only   never change the store (always so when not root)
        --screenshot  render the window to a PNG and exit""";

  /** Parses {@code args}; a bad one is an IllegalArgumentException with a one-line message. */
  static Args parse(String[] args) {
    Path root = null;
    Path runRoot = null;
    List<String> options = new ArrayList<>();
    Path shot = null;
    String view = "layers";
    String layer = null;
    boolean demo = false;
    boolean readOnly = false;
    int w = 1280;
    int h = 800;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--root" -> root = Path.of(value(args, ++i, a));
        case "--runroot" -> runRoot = Path.of(value(args, ++i, a));
        case "-o", "--storage-opt" -> options.add(value(args, ++i, a));
        case "--screenshot" -> shot = Path.of(value(args, ++i, a));
        case "--view" -> view = value(args, ++i, a);
        case "--layer" -> layer = value(args, ++i, a);
        case "--demo" -> demo = true;
        case "--read-only" -> readOnly = true;
        case "--size" -> {
          String[] wh = value(args, ++i, a).split("x");
          try {
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("--size wants WIDTHxHEIGHT, such as 1280x800");
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (!VIEWS.contains(view)) {
      throw new IllegalArgumentException("--view must be one of layers, chain, links, mounts, diff, health, not "
          + view);
    }
    if (demo && root != null) {
      throw new IllegalArgumentException("--demo and --root exclude each other");
    }
    return new Args(root, runRoot, List.copyOf(options), shot, view, layer, demo, readOnly, w, h);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
