package dev.ovl.natives;

/** The fields of {@code struct statfs} that ovl reads. */
public record FsStat(
    long type,
    long blockSize,
    long blocks,
    long blocksFree,
    long blocksAvailable,
    long files,
    long filesFree,
    long nameMax,
    long flags) {}
