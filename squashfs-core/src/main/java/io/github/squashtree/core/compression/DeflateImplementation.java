package io.github.squashtree.core.compression;

/**
 * The deflate compressor that writes gzip blocks. Both write zlib streams that every reader (the
 * kernel, unsquashfs, rdsquashfs) decodes alike, but not the same bytes: the choice is part of what
 * an image's bytes are a function of, so a write never swaps one for the other by itself. A missing
 * library is an error naming it, never a quiet change of implementation.
 *
 * <p>Reading is another matter: any inflater gives the same bytes, so images are read with
 * libdeflate where it loads and with the JDK's zlib otherwise.
 */
public enum DeflateImplementation {
  /**
   * libdeflate through {@code com.fulcrumgenomics:jlibdeflate} (sqfs's default): whole-block
   * compression, at level 9 about a third of zlib's CPU time and about 1% smaller. Its output is a
   * function of the input, the level and the libdeflate build the jar bundles, so an image is
   * reproducible with the same version of that jar.
   */
  LIBDEFLATE("libdeflate"),

  /**
   * The JDK's {@link java.util.zip.Deflater}, zlib (the library's default): the bytes mksquashfs
   * writes at the same level, with nothing beyond the JDK; it also tries zlib's other strategies
   * when the options ask for them, as mksquashfs does.
   */
  ZLIB("zlib");

  private final String label;

  DeflateImplementation(String label) {
    this.label = label;
  }

  /**
   * The name a user types ({@code sqfs mk --deflate}).
   *
   * @return {@code libdeflate} or {@code zlib}
   */
  public String label() {
    return label;
  }

  /**
   * The implementation with the given label.
   *
   * @param label {@code libdeflate} or {@code zlib}
   * @return the implementation
   * @throws IllegalArgumentException if the label is unknown
   */
  public static DeflateImplementation fromLabel(String label) {
    for (DeflateImplementation d : values()) {
      if (d.label.equals(label)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown deflate implementation: " + label);
  }
}
