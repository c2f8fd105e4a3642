package io.github.squashtree.core.write;

/** Which file ends go into shared fragment blocks. */
public enum FragmentMode {
  /** Files smaller than a block go into fragments; larger files keep a short last block. */
  SMALL_FILES,
  /** No fragments at all ({@code -no-fragments}). */
  NONE,
  /** The tail of every file goes into a fragment ({@code -always-use-fragments}). */
  ALWAYS
}
