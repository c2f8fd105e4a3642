package io.github.squashtree.overlay;

/** What happens to a path when one tree is turned into the other. */
public enum ChangeKind {
  /** The path exists only in the new tree. */
  ADD("add"),
  /** The path exists only in the old tree (a directory: with everything below it). */
  DELETE("delete"),
  /** The path exists in both with different types: delete the old object, add the new one. */
  REPLACE("replace"),
  /** A regular file whose content differs (perhaps its metadata too). */
  MODIFY("modify"),
  /** Same type and content; some metadata differs. */
  METADATA("metadata");

  private final String label;

  ChangeKind(String label) {
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
