package io.github.squashtree.core.tree;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A directory hierarchy, whatever its source: a directory on disk, a SquashFS image, an overlay.
 *
 * <p>Every source is a tree and every sink consumes one, so writing, comparing and extracting work
 * the same way for all of them. Implementations are safe for use by several threads at once.
 */
public interface Tree extends Closeable {

  /**
   * The root directory.
   *
   * @return the root, with path "/"
   * @throws IOException if the source cannot be read
   */
  Entry root() throws IOException;

  /**
   * The entries of a directory, sorted by the bytes of their UTF-8 names (as mksquashfs sorts).
   *
   * @param directory a directory of this tree
   * @return its entries, unmodifiable
   * @throws IOException if the source cannot be read
   * @throws IllegalArgumentException if {@code directory} is not a directory of this tree
   */
  List<Entry> children(Entry directory) throws IOException;

  /**
   * The entry at an absolute path, without following symlinks.
   *
   * @param path an absolute path, "/" for the root
   * @return the entry, or empty if there is none
   * @throws IOException if the source cannot be read
   */
  Optional<Entry> lookup(String path) throws IOException;

  /**
   * The content of a regular file, read from its start.
   *
   * @param file a regular file of this tree
   * @return a new stream, which the caller closes
   * @throws IOException if the source cannot be read
   */
  InputStream open(Entry file) throws IOException;

  /**
   * This regular file's content as its source stores it, when the source is a SquashFS image (the
   * content {@link #open} gives is the same). Empty for every other source.
   *
   * @param file a regular file of this tree
   * @return the stored content, or empty
   * @throws IOException if the source cannot be read
   */
  default Optional<StoredContent> storedContent(Entry file) throws IOException {
    return Optional.empty();
  }

  /**
   * The resolution of this tree's modification times.
   *
   * @return seconds or nanoseconds
   */
  TimePrecision precision();
}
