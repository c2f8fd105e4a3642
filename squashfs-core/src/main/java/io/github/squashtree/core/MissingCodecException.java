package io.github.squashtree.core;

/**
 * An image uses (or a write asks for) a codec whose library is not on the class path or module
 * path. The message names the Maven artifact to add, for instance {@code org.tukaani:xz} for xz.
 */
public class MissingCodecException extends SquashfsFormatException {
  private static final long serialVersionUID = 1L;

  /** The Maven coordinates {@code groupId:artifactId} of the library that is missing. */
  private final String artifact;

  /**
   * An exception saying that {@code what} needs {@code artifact}.
   *
   * @param what what could not be done, e.g. "reading xz images"
   * @param artifact the missing library's Maven coordinates, {@code groupId:artifactId}
   */
  public MissingCodecException(String what, String artifact) {
    super(
        what
            + " needs "
            + artifact
            + ", which is not on the class path or module path: add it as a dependency");
    this.artifact = artifact;
  }

  /**
   * The library to add.
   *
   * @return its Maven coordinates, {@code groupId:artifactId}
   */
  public String artifact() {
    return artifact;
  }
}
