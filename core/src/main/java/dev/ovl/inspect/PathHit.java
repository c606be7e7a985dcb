package dev.ovl.inspect;

/** A layer that adds, modifies or deletes a searched path. */
public record PathHit(String layer, String path, Change change) {}
