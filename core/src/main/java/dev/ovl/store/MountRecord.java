package dev.ovl.store;

/** One entry of the run root's {@code mountpoints.json}: a mounted layer, its merged dir and its user count. */
public record MountRecord(String id, String path, int count) {}
