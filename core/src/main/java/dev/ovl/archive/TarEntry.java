package dev.ovl.archive;

import java.util.Map;
import java.util.TreeMap;

/** One tar header as ovl reads and writes it; xattr values are raw bytes (capabilities are binary). */
final class TarEntry {
  static final byte REG = '0';
  static final byte LINK = '1';
  static final byte SYMLINK = '2';
  static final byte CHAR = '3';
  static final byte BLOCK = '4';
  static final byte DIR = '5';
  static final byte FIFO = '6';

  /** The entry's name and link target keep every byte of the archive's ({@link dev.ovl.natives.RawNames}). */
  String name = "";
  byte type = REG;
  int mode;
  long uid;
  long gid;
  long size;
  long mtimeNanos;
  /** Access time in nanoseconds, or {@link Long#MIN_VALUE} when the archive gives none. */
  long atimeNanos = Long.MIN_VALUE;
  String linkName = "";
  long devMajor;
  long devMinor;
  String uname = "";
  String gname = "";
  final Map<String, byte[]> xattrs = new TreeMap<>();
  /** Byte offset of this entry's first header block in the stream. */
  long offset;
  /** A sparse file's data fragments as offset, length pairs ({@code size} is then the file's size); or null. */
  long[] sparse;
  /** While reading an extended header: its GNU sparse records, if any. */
  SparseMap.Records sparseRecords;

  boolean hasData() {
    return type == REG && size > 0;
  }

  static String typeName(byte type) {
    return switch (type) {
      case REG -> "file";
      case LINK -> "hardlink";
      case SYMLINK -> "symlink";
      case CHAR -> "char device";
      case BLOCK -> "block device";
      case DIR -> "directory";
      case FIFO -> "fifo";
      default -> "type '" + (char) type + "'";
    };
  }
}
