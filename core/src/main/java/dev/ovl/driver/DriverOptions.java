package dev.ovl.driver;

import dev.ovl.work.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The overlay driver's storage options, parsed from {@code KEY=VAL} strings with an optional {@code overlay.},
 * {@code overlay2.} or {@code .} prefix. An unknown key is an error, as in containers/storage.
 */
public record DriverOptions(
    String mountOptions,
    long quotaSize,
    List<Path> imageStores,
    String mountProgram,
    boolean skipMountHome,
    boolean ignoreChownErrors,
    OptionalInt forceMask,
    boolean syncFilesystem) {

  public DriverOptions {
    imageStores = List.copyOf(imageStores);
  }

  /** Parses {@code options}; a bad key or value throws IllegalArgumentException with a one-line message. */
  public static DriverOptions parse(List<String> options) {
    String mountOptions = "";
    long quotaSize = 0;
    List<Path> stores = new ArrayList<>();
    String mountProgram = "";
    boolean skipMountHome = false;
    boolean ignoreChownErrors = false;
    OptionalInt forceMask = OptionalInt.empty();
    boolean syncFilesystem = false;
    for (String option : options) {
      int eq = option.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("unable to parse key/value option: " + Text.quote(option));
      }
      String key = option.substring(0, eq).trim();
      String val = option.substring(eq + 1).trim();
      switch (trimKey(key)) {
        case "override_kernel_check" -> { } // accepted and ignored, as the reference does
        case "mountopt" -> mountOptions = val;
        case "size" -> quotaSize = Units.ramInBytes(val);
        case "imagestore", "additionalimagestore" -> stores.addAll(imageStores(val));
        case "mount_program" -> {
          if (!Files.exists(path(val))) {
            throw new IllegalArgumentException("overlay: can't stat program " + oneLine(val) + ": no such file or directory");
          }
          mountProgram = val;
        }
        case "skip_mount_home" -> skipMountHome = parseBool(key, val);
        case "ignore_chown_errors" -> ignoreChownErrors = parseBool(key, val);
        case "force_mask" -> forceMask = OptionalInt.of(parseMask(val));
        case "sync" -> syncFilesystem = parseSync(val);
        default -> throw new IllegalArgumentException("overlay: Unknown option " + oneLine(key));
      }
    }
    return new DriverOptions(mountOptions, quotaSize, stores, mountProgram, skipMountHome, ignoreChownErrors,
        forceMask, syncFilesystem);
  }

  private static Path path(String s) {
    try {
      return Path.of(s);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("overlay: invalid path " + Text.quote(s));
    }
  }

  /** The reference prints keys bare; ovl does too unless they hold characters that would break the line. */
  private static String oneLine(String s) {
    String q = Text.quote(s);
    return q.equals("\"" + s + "\"") ? s : q;
  }

  private static String trimKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String prefix : List.of("overlay.", "overlay2.", ".")) {
      if (k.startsWith(prefix)) {
        k = k.substring(prefix.length());
      }
    }
    return k;
  }

  private static List<Path> imageStores(String val) {
    List<Path> out = new ArrayList<>();
    if (val.isEmpty()) {
      return out;
    }
    for (String s : val.split(",")) {
      Path store = path(s).normalize();
      if (!store.isAbsolute()) {
        throw new IllegalArgumentException(
            "overlay: image path " + Text.quote(store.toString()) + " is not absolute.  Can not be relative");
      }
      if (!Files.exists(store)) {
        throw new IllegalArgumentException(
            "overlay: can't stat imageStore dir " + oneLine(store.toString()) + ": no such file or directory");
      }
      if (!Files.isDirectory(store)) {
        throw new IllegalArgumentException("overlay: image path " + Text.quote(store.toString()) + " must be a directory");
      }
      out.add(store);
    }
    return out;
  }

  /** Go's strconv.ParseBool. */
  private static boolean parseBool(String key, String val) {
    return switch (val) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException(
          "overlay: " + oneLine(key) + ": strconv.ParseBool: parsing " + Text.quote(val) + ": invalid syntax");
    };
  }

  /** {@code sync=filesystem} syncfs-es a new layer before it is renamed into place (newer containers/storage). */
  private static boolean parseSync(String val) {
    return switch (val) {
      case "", "none" -> false;
      case "filesystem" -> true;
      default -> throw new IllegalArgumentException("overlay: sync: " + Text.quote(val) + " is not none or filesystem");
    };
  }

  private static int parseMask(String val) {
    return switch (val) {
      case "shared" -> 0755;
      case "private" -> 0700;
      default -> {
        try {
          int m = Integer.parseInt(val, 8);
          if (m < 0 || m > 07777) {
            throw new NumberFormatException();
          }
          yield m;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "overlay: force_mask: " + Text.quote(val) + " is not shared, private or an octal mode");
        }
      }
    };
  }

  public boolean hasMountProgram() {
    return !mountProgram.isEmpty();
  }

  /** The configured mount options as a list, without empty entries. */
  List<String> mountOptionList() {
    List<String> out = new ArrayList<>();
    for (String o : mountOptions.split(",")) {
      if (!o.isEmpty()) {
        out.add(o);
      }
    }
    return out;
  }
}
