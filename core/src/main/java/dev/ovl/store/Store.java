package dev.ovl.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A containers/storage store opened under its own locks: {@code storage.lock}, then the layers, images,
 * containers and mount-point locks, all shared to read or all exclusive to change. The JSON is read once, under
 * the locks, so it is never a half-written state; {@link #close()} releases them in reverse order.
 */
public final class Store implements AutoCloseable {
  /** How long a busy store is waited for, unless the caller says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final StorePaths paths;
  private final boolean exclusive;
  private final List<StoreLock> locks;
  private final Map<StoreFile, ArrayNode> raw = new LinkedHashMap<>();
  private List<LayerRecord> layers;
  private Map<String, LayerRecord> layersById;
  private List<ImageRecord> images;
  private List<ContainerRecord> containers;
  private List<MountRecord> mounts;

  private Store(StorePaths paths, boolean exclusive, List<StoreLock> locks) {
    this.paths = paths;
    this.exclusive = exclusive;
    this.locks = locks;
  }

  /** Locks the store (shared, or exclusive to change it), waiting up to {@code timeout}, and reads its JSON. */
  public static Store open(StorePaths paths, boolean exclusive, Duration timeout) throws IOException {
    if (!java.nio.file.Files.isDirectory(paths.root())) {
      throw new java.nio.file.NoSuchFileException(paths.root().toString(), null, "no store at " + paths.root());
    }
    List<StoreLock> held = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Path lock : paths.lockFiles()) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        held.add(StoreLock.acquire(lock, exclusive, left));
      }
      Store s = new Store(paths, exclusive, held);
      s.reload();
      return s;
    } catch (IOException | RuntimeException e) {
      release(held);
      throw e;
    }
  }

  private void reload() throws IOException {
    for (StoreFile f : StoreFile.values()) {
      raw.put(f, JsonFiles.read(paths.json(f)));
    }
    List<LayerRecord> ls = new ArrayList<>();
    raw.get(StoreFile.LAYERS).forEach(n -> ls.add(StoreJson.layer(n, false)));
    raw.get(StoreFile.VOLATILE_LAYERS).forEach(n -> ls.add(StoreJson.layer(n, true)));
    layers = List.copyOf(ls);
    Map<String, LayerRecord> byId = new LinkedHashMap<>();
    layers.forEach(l -> byId.putIfAbsent(l.id(), l));
    layersById = byId;
    images = StoreJson.map(raw.get(StoreFile.IMAGES), StoreJson::image);
    containers = StoreJson.map(raw.get(StoreFile.CONTAINERS), StoreJson::container);
    mounts = StoreJson.map(raw.get(StoreFile.MOUNTPOINTS), StoreJson::mount);
  }

  public StorePaths paths() {
    return paths;
  }

  public List<LayerRecord> layers() {
    return layers;
  }

  public List<ImageRecord> images() {
    return images;
  }

  public List<ContainerRecord> containers() {
    return containers;
  }

  public List<MountRecord> mounts() {
    return mounts;
  }

  public Optional<LayerRecord> layer(String id) {
    return Optional.ofNullable(layersById.get(id));
  }

  /** The {@code mountpoints.json} entry of layer {@code id}, if it has one. */
  public Optional<MountRecord> mount(String id) {
    return mounts.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /**
   * The human names of every layer: its own names, the tags of each image whose layer chain holds it, and the
   * names of the container whose layer it is.
   */
  public Map<String, List<String>> namesByLayer() {
    Map<String, LayerRecord> byId = new LinkedHashMap<>();
    layers.forEach(l -> byId.put(l.id(), l));
    Map<String, Set<String>> names = new LinkedHashMap<>();
    layers.forEach(l -> names.computeIfAbsent(l.id(), k -> new LinkedHashSet<>()).addAll(l.names()));
    for (ImageRecord img : images) {
      List<String> tags = img.names().isEmpty() ? List.of("image " + shortId(img.id())) : img.names();
      Set<String> seen = new LinkedHashSet<>();
      for (String top : chainStarts(img)) {
        for (String id = top; id != null && seen.add(id); id = byId.containsKey(id)
            ? byId.get(id).parent().orElse(null) : null) {
          names.computeIfAbsent(id, k -> new LinkedHashSet<>()).addAll(tags);
        }
      }
    }
    for (ContainerRecord c : containers) {
      names.computeIfAbsent(c.layer(), k -> new LinkedHashSet<>())
          .addAll(c.names().isEmpty() ? List.of("container " + shortId(c.id())) : c.names());
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    names.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }

  private static List<String> chainStarts(ImageRecord img) {
    List<String> starts = new ArrayList<>();
    img.topLayer().ifPresent(starts::add);
    starts.addAll(img.mappedTopLayers());
    return starts;
  }

  static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /**
   * Removes the entries of {@code file} whose id {@code remove} accepts, keeping every other entry and field as
   * it was. Atomic, with a backup beside the file (returned, or null if none); the lock's last writer changes.
   */
  public Path removeEntries(StoreFile file, Predicate<String> remove) throws IOException {
    return edit(file, true, array -> without(array, remove));
  }

  /** Sets the mount count of layer {@code id} in {@code mountpoints.json}; zero removes its entry. */
  public Path setMountCount(String id, int count) throws IOException {
    return edit(StoreFile.MOUNTPOINTS, true, array -> {
      ArrayNode out = JsonFiles.MAPPER.createArrayNode();
      for (JsonNode n : array) {
        if (!n.path("id").asText().equals(id)) {
          out.add(n);
        } else if (count > 0) {
          out.add(((com.fasterxml.jackson.databind.node.ObjectNode) n.deepCopy()).put("count", count));
        }
      }
      return out;
    });
  }

  /**
   * Records that layer {@code id} is mounted at {@code path} by {@code count} users (zero drops it), writing
   * {@code mountpoints.json} as containers/storage does: one entry per mounted layer of the store, in layer order,
   * without a backup. Entries of layers the store no longer lists go, as they do when containers/storage saves.
   */
  public void recordMount(String id, Path path, int count) throws IOException {
    if (!layersById.containsKey(id)) {
      throw new IllegalArgumentException("layer " + id + " is not in layers.json");
    }
    edit(StoreFile.MOUNTPOINTS, false, array -> {
      Map<String, JsonNode> byId = new LinkedHashMap<>();
      array.forEach(n -> byId.putIfAbsent(n.path("id").asText(), n));
      ArrayNode out = JsonFiles.MAPPER.createArrayNode();
      for (LayerRecord l : layers) {
        JsonNode n = byId.get(l.id());
        String p = l.id().equals(id) ? path.toString() : n == null ? "" : n.path("path").asText("");
        int c = l.id().equals(id) ? count : n == null ? 0 : n.path("count").asInt(0);
        if (!p.isEmpty() && c > 0) {
          out.addObject().put("id", l.id()).put("path", p).put("count", c);
        }
      }
      return out;
    });
  }

  /**
   * Drops layer {@code id}'s record as containers/storage deletes a layer: first flagged incomplete (so an
   * interrupted removal is finished by the next load), then {@code removal} runs, then the entry and its mount
   * entry go. Nothing is backed up.
   */
  public void removeLayer(String id, IoAction removal) throws IOException {
    LayerRecord rec = layer(id).orElseThrow(() -> new IllegalArgumentException("layer " + id + " is not in layers.json"));
    StoreFile file = rec.volatileLayer() ? StoreFile.VOLATILE_LAYERS : StoreFile.LAYERS;
    edit(file, false, array -> {
      array.forEach(n -> {
        if (n.path("id").asText().equals(id)) {
          JsonNode flags = n.path("flags");
          ObjectNode f = flags.isObject() ? (ObjectNode) flags : ((ObjectNode) n).putObject("flags");
          f.put("incomplete", true);
        }
      });
      return array;
    });
    removal.run();
    edit(file, false, array -> without(array, id::equals));
    if (mount(id).isPresent()) {
      edit(StoreFile.MOUNTPOINTS, false, array -> without(array, id::equals));
    }
  }

  private static ArrayNode without(ArrayNode array, Predicate<String> remove) {
    ArrayNode kept = JsonFiles.MAPPER.createArrayNode();
    array.forEach(n -> {
      if (!remove.test(n.path("id").asText())) {
        kept.add(n);
      }
    });
    return kept;
  }

  /** Work on disk done between two writes of the store's JSON. */
  @FunctionalInterface
  public interface IoAction {
    void run() throws IOException;
  }

  /** The text of {@code file} as it is now in memory (what a journal records as the old contents). */
  public String text(StoreFile file) {
    return raw.get(file).toString();
  }

  private Path edit(StoreFile file, boolean backup, java.util.function.UnaryOperator<ArrayNode> change)
      throws IOException {
    if (!exclusive) {
      throw new IllegalStateException("the store was opened to read; changing " + file + " needs the write lock");
    }
    ArrayNode next = change.apply(raw.get(file).deepCopy());
    Path saved = JsonFiles.replace(paths.json(file), next, backup);
    for (StoreLock l : locks) {
      if (l.file().equals(paths.lockFile(file))) {
        l.touch();
      }
    }
    reload();
    return saved;
  }

  @Override
  public void close() throws IOException {
    release(locks);
  }

  private static void release(List<StoreLock> held) throws IOException {
    IOException first = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      try {
        held.get(i).close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
