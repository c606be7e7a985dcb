package dev.ovl.driver;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Mounts;
import dev.ovl.natives.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay graph driver: layers as {@code home/<id>/{diff,link,lower,work,merged}} with short {@code l/}
 * links, byte-compatible with containers/storage's overlay driver on the same tree.
 */
public final class OverlayDriver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OverlayDriver.class);

  static final String LINK_DIR = "l";
  static final String LOWER_FILE = "lower";
  static final String LINK_FILE = "link";
  /** Lowers beyond this would not fit a page of mount data with 26-character links. */
  public static final int MAX_DEPTH = 128;
  static final int DEFAULT_PERMS = 0555;

  private final Path home;
  private final Path runHome;
  private final DriverOptions options;
  private final IdMappings mappings;
  private final String backingFs;
  private final boolean supportsDType;
  private final boolean usingMetacopy;
  private final FeatureCache cache;
  private final LayerLocks locks = new LayerLocks();
  private final LayerMounter mounter;
  private final LowerLinks lowerLinks = new LowerLinks(this);
  private final ProjectQuota quota;
  private volatile Boolean naiveDiff;

  private OverlayDriver(Path home, Path runHome, DriverOptions options, IdMappings mappings, String backingFs,
      boolean supportsDType, boolean usingMetacopy, ProjectQuota quota) {
    this.quota = quota;
    this.home = home;
    this.runHome = runHome;
    this.options = options;
    this.mappings = mappings;
    this.backingFs = backingFs;
    this.supportsDType = supportsDType;
    this.usingMetacopy = usingMetacopy;
    this.cache = new FeatureCache(runHome);
    this.mounter = new LayerMounter(this);
  }

  /**
   * Starts the driver on {@code home} (ROOT/overlay) with its run home (RUNROOT/overlay): checks the backing
   * filesystem, creates the dirs, runs or reads the cached kernel probes, and makes the home a private mount.
   */
  public static OverlayDriver init(Path home, Path runHome, List<String> options, IdMappings mappings)
      throws IOException {
    DriverOptions opts = DriverOptions.parse(options);
    home = home.toAbsolutePath().normalize();
    runHome = runHome.toAbsolutePath().normalize();
    long magic = Syscalls.statfs(home.getParent()).type();
    String backingFs = FsMagic.name(magic);
    if (!opts.hasMountProgram()) {
      if (opts.forceMask().isPresent()) {
        throw new IllegalArgumentException("'force_mask' is supported only with 'mount_program'");
      }
      if (FsMagic.needsMountProgram(magic)) {
        throw new KernelProbes.Unsupported("'overlay' is not supported over " + backingFs
            + ", a mount_program is required: backing file system is unsupported for this graph driver");
      }
    }
    int uid = mappings.rootUid();
    int gid = mappings.rootGid();
    Dirs.mkdirAllAs(home.resolve(LINK_DIR), 0700, uid, gid);
    Dirs.mkdirAllAs(runHome, 0700, uid, gid);

    boolean dType = true;
    boolean metacopy = false;
    if (!opts.hasMountProgram()) {
      FeatureCache cache = new FeatureCache(runHome);
      KernelProbes.overlayCached(cache, home, backingFs, uid, gid);
      metacopy = KernelProbes.metacopyCached(cache, home, opts.mountOptions());
    }
    if (!opts.skipMountHome()) {
      Mounts.makePrivate(home);
    }
    ProjectQuota quota;
    try {
      quota = ProjectQuota.forHome(home, magic, backingFs, opts.quotaSize());
    } catch (IOException | RuntimeException e) {
      if (!opts.skipMountHome()) {
        Mounts.unmount(home);
      }
      throw e;
    }
    OverlayDriver d = new OverlayDriver(home, runHome, opts, mappings, backingFs, dType, metacopy, quota);
    log.debug("backingFs={}, projectQuotaSupported={}, usingMetacopy={}", backingFs, quota != null, metacopy);
    return d;
  }

  public Path home() {
    return home;
  }

  public Path runHome() {
    return runHome;
  }

  public DriverOptions options() {
    return options;
  }

  public IdMappings mappings() {
    return mappings;
  }

  /** True if the home is on XFS with project quota, so {@code size} can limit writable layers. */
  public boolean projectQuotaSupported() {
    return quota != null;
  }

  /** The project quota control, or null without project quota. */
  ProjectQuota projectQuota() {
    return quota;
  }

  public boolean supportsDType() {
    return supportsDType;
  }

  public boolean usingMetacopy() {
    return usingMetacopy;
  }

  /** True if Diff, Changes and DiffSize must mount and compare instead of reading the upper dir. */
  public boolean useNaiveDiff() {
    Boolean v = naiveDiff;
    if (v == null) {
      synchronized (this) {
        if (naiveDiff == null) {
          naiveDiff = KernelProbes.naiveDiffCached(cache, home, options);
        }
        v = naiveDiff;
      }
    }
    return v;
  }

  /** The four rows containers/storage reports. */
  public List<StatusRow> status() {
    return List.of(
        new StatusRow("Backing Filesystem", backingFs),
        new StatusRow("Supports d_type", String.valueOf(supportsDType)),
        new StatusRow("Native Overlay Diff", String.valueOf(!useNaiveDiff())),
        new StatusRow("Using metacopy", String.valueOf(usingMetacopy)));
  }

  /** WorkDir, MergedDir, UpperDir and, for a child, LowerDir (resolved diff dirs joined by ':'). */
  public Map<String, String> metadata(String id) throws IOException {
    Path dir = existingDir(id);
    Map<String, String> m = new LinkedHashMap<>();
    m.put("WorkDir", dir.resolve("work").toString());
    m.put("MergedDir", dir.resolve("merged").toString());
    m.put("UpperDir", dir.resolve("diff").toString());
    List<Path> lowers = lowerDirs(id);
    if (!lowers.isEmpty()) {
      m.put("LowerDir", String.join(":", lowers.stream().map(Path::toString).toList()));
    }
    return m;
  }

  public boolean exists(String id) {
    try {
      return Files.exists(layerDir(LayerIds.check(id)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Creates a read-only (image) layer; a {@code size} storage option is refused. */
  public void create(String id, String parent, CreateOpts opts) throws IOException {
    if (opts != null && opts.storageOpt().containsKey("size")) {
      throw new IllegalArgumentException("--storage-opt size is only supported for ReadWrite Layers");
    }
    new LayerCreator(this).create(id, parent, opts);
  }

  /** Creates a writable (container) layer. */
  public void createReadWrite(String id, String parent, CreateOpts opts) throws IOException {
    if (opts != null && !opts.storageOpt().isEmpty() && quota == null) {
      throw new IllegalArgumentException("--storage-opt is supported only for overlay over xfs with 'pquota' mount option");
    }
    CreateOpts o = opts == null ? CreateOpts.DEFAULT : opts;
    if (options.quotaSize() > 0 && o.storageOpt().keySet().stream().noneMatch("size"::equalsIgnoreCase)) {
      Map<String, String> withSize = new java.util.HashMap<>(o.storageOpt());
      withSize.put("size", Long.toUnsignedString(options.quotaSize()));
      o = new CreateOpts(o.mappings(), withSize);
    }
    new LayerCreator(this).create(id, parent, o);
  }

  /** Creates a layer with the same parent as {@code template}'s contents would need: overlay just creates. */
  public void createFromTemplate(String id, String template, String parent, CreateOpts opts, boolean readWrite)
      throws IOException {
    if (readWrite) {
      createReadWrite(id, template, opts);
    } else {
      create(id, template, opts);
    }
  }

  /**
   * Unmounts anything under the layer, removes its {@code l/} link, moves its dir into {@code staging} in one
   * rename and deletes it there, so a crash never leaves a half-deleted layer where layers are looked up.
   */
  public void remove(String id) throws IOException {
    LayerIds.check(id);
    try (LayerLocks.Held h = locks.lock(id)) {
      new LayerRemover(this).remove(id);
    }
  }

  /** Mounts the layer (or counts one more user of its mount) and returns its merged dir. */
  public Path get(String id, MountOpts opts) throws IOException {
    return get(id, opts, false);
  }

  Path get(String id, MountOpts opts, boolean disableShifting) throws IOException {
    LayerIds.check(id);
    try (LayerLocks.Held h = locks.lock(id)) {
      return mounter.get(id, opts == null ? MountOpts.DEFAULT : opts, disableShifting);
    }
  }

  /** Drops one user of the layer's mount; the last one unmounts it and removes {@code merged}. */
  public void put(String id) throws IOException {
    LayerIds.check(id);
    try (LayerLocks.Held h = locks.lock(id)) {
      mounter.put(id);
    }
  }

  /** Unmounts the layer whatever this driver counts: for callers that count users themselves (the store). */
  public void release(String id) throws IOException {
    LayerIds.check(id);
    try (LayerLocks.Held h = locks.lock(id)) {
      mounter.release(id);
    }
  }

  /** The number of users of the layer's mount, as this driver counts them (corrected against the kernel). */
  public int mountCount(String id) {
    return mounter.count(layerDir(LayerIds.check(id)).resolve("merged"));
  }

  /** Undoes the private mount of the home made by init. */
  public void cleanup() throws IOException {
    Mounts.unmount(home);
  }

  @Override
  public void close() throws IOException {
    if (!options.skipMountHome()) {
      cleanup();
    }
  }

  /** The ids of every layer dir under the home, sorted. */
  public List<String> listLayers() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(home)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!LayerIds.RESERVED.contains(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          ids.add(name);
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  /** A snapshot of what the disk says about layer {@code id}. */
  public Layer layer(String id) throws IOException {
    Path dir = existingDir(id);
    String link = Dirs.readOrNull(dir.resolve(LINK_FILE));
    List<Path> diffs = new ArrayList<>(List.of(dir.resolve("diff")));
    for (int n = 1; Files.isDirectory(dir.resolve("diff" + n)); n++) {
      diffs.add(dir.resolve("diff" + n));
    }
    return new Layer(id, dir, Optional.ofNullable(link).map(String::strip), lowerEntries(dir, id), diffs,
        mounter.isMounted(dir.resolve("merged")));
  }

  /** The reference's dir(id): the layer in the home, else in an additional image store, else where it would be. */
  public Path layerDir(String id) {
    Path p = home.resolve(id);
    if (!Files.exists(p)) {
      for (Path store : options.imageStores()) {
        Path alt = store.resolve("overlay").resolve(id);
        if (Files.exists(alt)) {
          return alt;
        }
      }
    }
    return p;
  }

  public Path diffPath(String id) {
    return layerDir(LayerIds.check(id)).resolve("diff");
  }

  Path existingDir(String id) throws IOException {
    Path dir = layerDir(LayerIds.check(id));
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "layer " + id + " does not exist");
    }
    return dir;
  }

  /** The diff dirs of the layer's lowers, nearest first, recreating lost {@code l/} links on the way. */
  public List<Path> lowerDirs(String id) throws IOException {
    Path dir = existingDir(id);
    List<Path> out = new ArrayList<>();
    for (String entry : lowerEntries(dir, id)) {
      out.add(resolveLowerLink(entry).diff());
    }
    return out;
  }

  /** True if {@code parent} (null or empty for none) is the layer's direct parent. */
  public boolean isParent(String id, String parent) {
    try {
      List<Path> lowers = lowerDirs(id);
      boolean noParent = parent == null || parent.isEmpty();
      if (noParent) {
        return lowers.isEmpty();
      }
      return !lowers.isEmpty() && lowers.get(0).getParent().equals(layerDir(LayerIds.check(parent)));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Shifting UIDs at mount time is only possible through a mount program. */
  public boolean supportsShifting() {
    return "yes-please".equals(System.getenv("_TEST_FORCE_SUPPORT_SHIFTING")) || options.hasMountProgram();
  }

  /** Recreates missing {@code l/} links from {@code link} files, and missing {@code link} files from {@code l/}. */
  public LinkReport recreateSymlinks() throws IOException {
    return new LinkRepair(this).run();
  }

  /** The entries of the layer's {@code lower} file, each checked to be {@code l/<name>}. */
  List<String> lowerEntries(Path dir, String id) throws IOException {
    return LayerFiles.lowerEntries(dir, id);
  }

  /** Resolves {@code l/NAME} through the home and the image stores, recreating lost links once. */
  LowerLinks.Resolved resolveLowerLink(String entry) throws IOException {
    return lowerLinks.resolve(entry);
  }

  LayerLocks locks() {
    return locks;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
