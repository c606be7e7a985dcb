package dev.ovl.idtools;

/** One range of an ID map: {@code size} IDs starting at {@code containerId} inside, {@code hostId} outside. */
public record IdMap(long containerId, long hostId, long size) {
  static final long MAX_ID = 0xFFFF_FFFFL;

  public IdMap {
    if (containerId < 0 || hostId < 0 || size <= 0) {
      throw new IllegalArgumentException(
          "invalid ID map " + containerId + ":" + hostId + ":" + size + ": IDs must be >= 0 and size > 0");
    }
    if (containerId + size - 1 > MAX_ID || hostId + size - 1 > MAX_ID) {
      throw new IllegalArgumentException(
          "invalid ID map " + containerId + ":" + hostId + ":" + size + ": range passes 4294967295");
    }
  }

  boolean containsContainer(long id) {
    return id >= containerId && id < containerId + size;
  }

  boolean containsHost(long id) {
    return id >= hostId && id < hostId + size;
  }

  @Override
  public String toString() {
    return containerId + ":" + hostId + ":" + size;
  }
}
