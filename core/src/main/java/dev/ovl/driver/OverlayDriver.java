package dev.ovl.driver;

import dev.ovl.idtools.IdMappings;
import dev.ovl.natives.Mounts;
import dev.ovl.natives.Syscalls;
import dev.ovl.work.Text;
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
      Optional<FeatureCache.Entry> overlay = cache.get("overlay");
      if (overlay.isPresent()) {
        log.debug("cached value indicated that overlay is {}supported", overlay.get().supported() ? "" : "not ");
        if (!overlay.get().supported()) {
          throw new KernelProbes.Unsupported(overlay.get().text());
        }
      } else {
        try {
          KernelProbes.supportsOverlay(home, backingFs, uid, gid);
        } catch (KernelProbes.Unsupported e) {
          String text = "kernel does not support overlay fs: " + e.getMessage();
          cache.put("overlay", false, text);
          throw new KernelProbes.Unsupported(text);
        }
        cache.put("overlay", true, "");
      }
      String feature = "metacopy(" + opts.mountOptions() + ")";
      Optional<FeatureCache.Entry> mc = cache.get(feature);
      if (mc.isPresent()) {
        metacopy = mc.get().supported();
      } else {
        metacopy = KernelProbes.doesMetacopy(home, opts.mountOptions());
        log.debug("overlay test mount indicated that metacopy is {}being used", metacopy ? "" : "not ");
        cache.put(feature, metacopy, "");
      }
    }
    if (!opts.skipMountHome()) {
      Mounts.makePrivate(home);
    }
    ProjectQuota quota;
    try {
      quota = projectQuota(home, magic, backingFs, opts.quotaSize());
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

  /** On XFS, the project quota control if the filesystem has one (else null); {@code size} needs one. */
  private static ProjectQuota projectQuota(Path home, long magic, String backingFs, long size) throws IOException {
    if ((magic & 0xFFFF_FFFFL) != FsMagic.XFS) {
      if (size > 0) {
        throw new IllegalArgumentException(
            "Storage option overlay.size only supported for backingFS XFS. Found " + backingFs);
      }
      return null;
    }
    try {
      return ProjectQuota.open(home);
    } catch (IOException e) {
      if (size > 0) {
        throw new IllegalArgumentException(
            "Storage option overlay.size not supported. Filesystem does not support Project Quota: "
                + e.getMessage(), e);
      }
      log.debug("no project quota on {}: {}", home, e.getMessage());
      return null;
    }
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
          naiveDiff = probeNaiveDiff();
        }
        v = naiveDiff;
      }
    }
    return v;
  }

  private boolean probeNaiveDiff() {
    if (options.hasMountProgram()) {
      return true;
    }
    String feature = "native-diff(" + options.mountOptions() + ")";
    try {
      Optional<FeatureCache.Entry> cached = cache.get(feature);
      if (cached.isPresent()) {
        if (!cached.get().supported()) {
          log.info(cached.get().text());
        }
        return !cached.get().supported();
      }
      Optional<String> problem = KernelProbes.nativeDiffProblem(home, options.mountOptions());
      String text = problem.map(p -> "Not using native diff for overlay, this may cause degraded performance "
          + "for building images: " + p).orElse("");
      problem.ifPresent(p -> log.info(text));
      cache.put(feature, problem.isEmpty(), text);
      return problem.isPresent();
    } catch (IOException e) {
      log.info("Not using native diff for overlay: {}", e.getMessage());
      return true;
    }
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
      Path dir = layerDir(id);
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      Mounts.unmountAllUnder(dir);
      String link = Dirs.readOrNull(dir.resolve(LINK_FILE));
      if (link != null && LinkIds.isValid(link.strip())) {
        Path l = home.resolve(LINK_DIR).resolve(link.strip());
        String target = readlinkOrNull(l);
        if (target != null && target.equals("../" + id + "/diff")) {
          Files.deleteIfExists(l);
        } else if (target != null) {
          log.warn("not removing {}: it points at {}, not at layer {}", l, target, id);
        }
      }
      dev.ovl.work.CrashPoint.hit("remove.unlinked");
      if (!dir.startsWith(home)) {
        Dirs.ensureRemoveAll(dir); // a layer of an image store is not moved across filesystems
        return;
      }
      Path staging = home.resolve(LayerCreator.STAGING);
      Dirs.mkdirAllAs(staging, 0700, mappings.rootUid(), mappings.rootGid());
      Path doomed = staging.resolve(id + ".removing-" + Long.toHexString(System.nanoTime()));
      Syscalls.rename(dir, doomed, Syscalls.RENAME_NOREPLACE);
      Syscalls.fsync(home);
      dev.ovl.work.CrashPoint.hit("remove.moved");
      Dirs.ensureRemoveAll(doomed);
      try {
        Files.delete(staging);
      } catch (IOException e) {
        // another operation is using staging
      }
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

  /** The layer's link name from its {@code link} file; empty if the file is missing, an error if malformed. */
  static Optional<String> readLinkFile(Path dir, String id) throws IOException {
    String link = Dirs.readOrNull(dir.resolve(LINK_FILE));
    if (link == null) {
      return Optional.empty();
    }
    if (!LinkIds.isValid(link.strip())) {
      throw new IOException("layer " + id + " has a malformed link file; run ovl check");
    }
    return Optional.of(link.strip());
  }

  /** The entries of the layer's {@code lower} file, each checked to be {@code l/<name>}. */
  List<String> lowerEntries(Path dir, String id) throws IOException {
    String text = Dirs.readOrNull(dir.resolve(LOWER_FILE));
    return text == null ? List.of() : parseLower(text, id);
  }

  /** Parses {@code lower} file text: {@code l/NAME} entries joined by ':'; anything else is an error. */
  static List<String> parseLower(String text, String id) throws IOException {
    List<String> out = new ArrayList<>();
    for (String e : text.strip().split(":")) {
      if (e.isEmpty()) {
        continue;
      }
      if (!e.startsWith(LINK_DIR + "/") || !LinkIds.isValid(e.substring(2))) {
        throw new IOException("layer " + id + ": lower entry " + Text.quote(e) + " is not l/<link>; run ovl check");
      }
      out.add(e);
    }
    return out;
  }

  /** A lower resolved through its link: the link path used in mount data and the diff dir it points at. */
  record ResolvedLower(Path link, Path diff, boolean inHome) {}

  /**
   * Resolves {@code l/NAME} in the home or an image store; if it is missing everywhere, recreates the links once
   * (the reference's recovery after an unclean reboot) and tries again. A link that points anywhere but
   * {@code ../<id>/diff} is refused, never followed.
   */
  ResolvedLower resolveLowerLink(String entry) throws IOException {
    Optional<ResolvedLower> r = findLowerLink(entry);
    if (r.isEmpty()) {
      log.warn("Can't stat lower layer \"{}\" because it does not exist. Going through storage to recreate the "
          + "missing symlinks.", home.resolve(entry));
      LinkReport report = recreateSymlinks();
      report.problems().forEach(p -> log.warn("recreating links: {}", p));
      r = findLowerLink(entry);
    }
    return r.orElseThrow(() -> new NoSuchFileException(home.resolve(entry).toString(), null,
        "Can't stat lower layer: no layer has link " + entry.substring(2)));
  }

  private Optional<ResolvedLower> findLowerLink(String entry) throws IOException {
    List<Path> bases = new ArrayList<>(List.of(home));
    options.imageStores().forEach(s -> bases.add(s.resolve("overlay")));
    for (Path base : bases) {
      Path link = base.resolve(entry);
      String target = readlinkOrNull(link);
      if (target == null) {
        continue;
      }
      String[] parts = target.split("/");
      if (parts.length != 3 || !parts[0].equals("..") || !parts[2].equals("diff")) {
        throw new IOException(link + " points at " + Text.quote(target) + ", not ../<id>/diff; run ovl check");
      }
      LayerIds.check(parts[1]);
      Path diff = base.resolve(parts[1]).resolve("diff");
      if (Files.isDirectory(diff)) {
        return Optional.of(new ResolvedLower(link, diff, base.equals(home)));
      }
    }
    return Optional.empty();
  }

  static String readlinkOrNull(Path link) throws IOException {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (NoSuchFileException e) {
      return null;
    } catch (java.nio.file.NotLinkException e) {
      throw new IOException(link + " is not a symlink; run ovl check");
    }
  }

  LayerLocks locks() {
    return locks;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
