package dev.ovl.check;

/** How bad a finding is: ERROR breaks mounting or loses track of data, WARNING is wrong but harmless now. */
public enum Severity {
  ERROR,
  WARNING,
  INFO
}
