package io.github.squashtree.overlay;

/** One property in which the two sides of a {@link Change} differ. */
public enum ChangeField {
  /** The type of object (with {@link ChangeKind#REPLACE}). */
  TYPE("type"),
  /** The length of a regular file. */
  SIZE("size"),
  /**
   * The bytes of a regular file: compared when checksumming; in the quick check (size and mtime),
   * set whenever size or mtime differ, since the content then cannot be assumed equal.
   */
  CONTENT("content"),
  /** Permission bits, setuid, setgid and sticky included. */
  MODE("mode"),
  /** The numeric owner. */
  OWNER("owner"),
  /** The numeric group. */
  GROUP("group"),
  /** The modification time, at the precision of the comparison. */
  MTIME("mtime"),
  /** Extended attributes, any namespace. */
  XATTRS("xattrs"),
  /** A symlink's target. */
  TARGET("target"),
  /** A device's major and minor number. */
  RDEV("rdev"),
  /** The entry's place in the hard-link structure: it must be split from or joined to others. */
  HARD_LINKS("hardlinks");

  private final String label;

  ChangeField(String label) {
    this.label = label;
  }

  /**
   * The lower-case name used in JSON output.
   *
   * @return the label
   */
  public String label() {
    return label;
  }
}
