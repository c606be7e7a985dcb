package dev.ovl.idtools;

import dev.ovl.work.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A UID map and a GID map, as containers/storage's {@code idtools.IDMappings}. Both empty means the identity:
 * every ID maps to itself.
 */
public record IdMappings(List<IdMap> uids, List<IdMap> gids) {
  public static final IdMappings IDENTITY = new IdMappings(List.of(), List.of());

  public IdMappings {
    uids = List.copyOf(uids);
    gids = List.copyOf(gids);
    checkNoOverlap("UID", uids);
    checkNoOverlap("GID", gids);
  }

  /** Parses a UID map and a GID map, each {@code "containerID:hostID:size"} ranges joined by commas. */
  public static IdMappings parse(String uidMap, String gidMap) {
    return new IdMappings(parseMap(uidMap), parseMap(gidMap));
  }

  /** Parses ranges {@code "c:h:s"} separated by commas (or given repeatedly, then joined); blank is empty. */
  public static List<IdMap> parseMap(String spec) {
    List<IdMap> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      String[] f = part.trim().split(":");
      if (f.length != 3) {
        throw new IllegalArgumentException(
            "invalid ID map " + Text.quote(part.trim()) + ": want containerID:hostID:size");
      }
      try {
        out.add(new IdMap(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "invalid ID map " + Text.quote(part.trim()) + ": not a number");
      }
    }
    return out;
  }

  private static void checkNoOverlap(String kind, List<IdMap> maps) {
    for (int i = 0; i < maps.size(); i++) {
      for (int j = i + 1; j < maps.size(); j++) {
        IdMap a = maps.get(i);
        IdMap b = maps.get(j);
        if (overlaps(a.containerId(), a.size(), b.containerId(), b.size())) {
          throw new IllegalArgumentException(kind + " map ranges " + a + " and " + b + " overlap inside the container");
        }
        if (overlaps(a.hostId(), a.size(), b.hostId(), b.size())) {
          throw new IllegalArgumentException(kind + " map ranges " + a + " and " + b + " overlap on the host");
        }
      }
    }
  }

  private static boolean overlaps(long a, long aSize, long b, long bSize) {
    return a < b + bSize && b < a + aSize;
  }

  public boolean isIdentity() {
    return uids.isEmpty() && gids.isEmpty();
  }

  /** The host UID that container root maps to (0 with no map); an error if the map leaves root unmapped. */
  public int rootUid() {
    return (int) toHost(uids, 0, "UID");
  }

  /** The host GID that container root maps to (0 with no map). */
  public int rootGid() {
    return (int) toHost(gids, 0, "GID");
  }

  public long uidToHost(long id) {
    return toHost(uids, id, "UID");
  }

  public long gidToHost(long id) {
    return toHost(gids, id, "GID");
  }

  public long uidToContainer(long id) {
    return toContainer(uids, id, "UID");
  }

  public long gidToContainer(long id) {
    return toContainer(gids, id, "GID");
  }

  private static long toHost(List<IdMap> maps, long id, String kind) {
    if (maps.isEmpty()) {
      return id;
    }
    OptionalLong r = maps.stream().filter(m -> m.containsContainer(id))
        .mapToLong(m -> m.hostId() + (id - m.containerId())).findFirst();
    return r.orElseThrow(() -> new IllegalArgumentException(
        "container " + kind + " " + id + " is not mapped to a host " + kind));
  }

  private static long toContainer(List<IdMap> maps, long id, String kind) {
    if (maps.isEmpty()) {
      return id;
    }
    OptionalLong r = maps.stream().filter(m -> m.containsHost(id))
        .mapToLong(m -> m.containerId() + (id - m.hostId())).findFirst();
    return r.orElseThrow(() -> new IllegalArgumentException(
        "host " + kind + " " + id + " is not mapped into the container"));
  }

  /** The maps in the {@code c:h:s,c:h:s} form {@link #parseMap} reads. */
  public static String format(List<IdMap> maps) {
    return maps.stream().map(IdMap::toString).collect(Collectors.joining(","));
  }
}
