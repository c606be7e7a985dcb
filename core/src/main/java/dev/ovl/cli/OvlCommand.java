package dev.ovl.cli;

import dev.ovl.driver.OverlayDriver;
import dev.ovl.idtools.IdMappings;
import dev.ovl.store.LayerMounts;
import dev.ovl.store.StorageConf;
import dev.ovl.store.Store;
import dev.ovl.store.StoreFile;
import dev.ovl.store.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top command: global options, and the driver they open. Its subcommands are added by {@link Subcommands}
 * ({@link OvlCommand.Tree} names them all for the generated man pages and completion).
 */
@Command(name = "ovl", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "The containers/storage overlay graph driver: inspect, mount and repair layer stores.")
class OvlCommand {
  static final String DEFAULT_ROOT = "/var/lib/containers/storage";
  static final String DEFAULT_RUNROOT = "/run/containers/storage";

  @Option(names = "--root", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Storage root (graphroot); the driver home is DIR/overlay. Default: " + DEFAULT_ROOT)
  Path root;

  @Option(names = "--runroot", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Run root; the driver's run home is DIR/overlay. Default: " + DEFAULT_RUNROOT)
  Path runRoot;

  @Option(names = {"-o", "--storage-opt"}, paramLabel = "KEY=VAL", scope = ScopeType.INHERIT,
      description = "Driver option such as overlay.mountopt=nodev (repeatable).")
  List<String> storageOpts = new ArrayList<>();

  @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
      description = "error, warn (default), info, debug or trace; debug also prints stack traces.")
  String logLevel = "warn";

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print tables as JSON.")
  boolean json;

  private OverlayDriver driver;

  private StorageConf conf;

  /** storage.conf as podman reads it; its graphroot, runroot and overlay options are the defaults. */
  StorageConf conf() throws IOException {
    if (conf == null) {
      conf = StorageConf.load();
    }
    return conf;
  }

  Path root() throws IOException {
    return (root != null ? root : conf().graphRoot().orElse(Path.of(DEFAULT_ROOT))).toAbsolutePath().normalize();
  }

  Path runRoot() throws IOException {
    return (runRoot != null ? runRoot : conf().runRoot().orElse(Path.of(DEFAULT_RUNROOT))).toAbsolutePath()
        .normalize();
  }

  /** storage.conf's overlay options, then the -o ones (the later wins in the driver). */
  List<String> options() throws IOException {
    List<String> all = new ArrayList<>(conf().options());
    all.addAll(storageOpts);
    return all;
  }

  StorePaths storePaths() throws IOException {
    return new StorePaths(root(), runRoot());
  }

  /** Opens the driver once per run; the storage root is created 0700 first, as the store does. */
  OverlayDriver driver() throws IOException {
    if (driver == null) {
      Path r = root();
      if (!Files.isDirectory(r)) {
        Files.createDirectories(r, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      driver = OverlayDriver.init(r.resolve("overlay"), runRoot().resolve("overlay"), options(),
          IdMappings.IDENTITY);
    }
    return driver;
  }

  /** Mount and unmount that keep the store's mountpoints.json counts, under its locks. */
  LayerMounts layerMounts() throws IOException {
    return LayerMounts.of(driver(), storePaths(), Store.DEFAULT_TIMEOUT);
  }

  /**
   * The store, held exclusively, if it lists layer {@code id}: a change to a listed layer waits for, and holds
   * off, the store's other users as containers/storage does. Null for a layer the store does not list.
   */
  Store lockIfListed(String id) throws IOException {
    Store st = lockIfStore();
    if (st != null && st.layer(id).isEmpty()) {
      st.close();
      return null;
    }
    return st;
  }

  /** The store, held exclusively, if the tree has a layer list (null for a tree the driver made alone). */
  Store lockIfStore() throws IOException {
    StorePaths p = storePaths();
    if (!Files.exists(p.json(StoreFile.LAYERS)) && !Files.exists(p.json(StoreFile.VOLATILE_LAYERS))) {
      return null;
    }
    return Store.open(p, true, Store.DEFAULT_TIMEOUT);
  }

  /** The whole command tree, as the man page and completion generators read it. */
  @Command(name = "ovl", subcommands = {StatusCommand.class, LayersCommand.class, CreateCommand.class,
      RmCommand.class, MountCommand.class, UnmountCommand.class, MetadataCommand.class, RecreateLinksCommand.class,
      GuiCommand.class, ApplyDiffCommand.class, DiffCommand.class, ChangesCommand.class, DiffSizeCommand.class,
      UpdateIdMapCommand.class, CheckCommand.class, RepairCommand.class, ServeCommand.class})
  static final class Tree extends OvlCommand {}
}
