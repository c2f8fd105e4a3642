package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Entry;

/**
 * Hears how a write progresses: what a progress bar or a build tool's log needs. Every method has
 * an empty default, so a listener overrides only what it shows.
 *
 * <p>Calls come from the thread that called {@link SquashfsWriter#write(io.github.squashtree.core
 * .tree.Tree, java.nio.file.Path, WriterOptions, WriteListener) write}, one at a time, in the order
 * of the write; a listener needs no locking of its own against the writer. They come between the
 * writer's steps, so a slow listener slows the write: keep them short. {@link #NONE} costs a call
 * that does nothing per event.
 *
 * <p>Sizes are of content as the source tree holds it (uncompressed). Summed over a write, the
 * counts are those of the {@link WriteResult}.
 */
public interface WriteListener {
  /**
   * An entry of the source tree was taken in: a directory, a file, a symlink, a device, fifo or
   * socket. Called when the writer's walk reaches it, before its content is read.
   *
   * @param entry the entry, with its path in the source tree
   */
  default void entryAdded(Entry entry) {}

  /**
   * A further name of a file, symlink or special file already taken in (a hard link): it shares the
   * first name's inode and content, which is not read again.
   *
   * @param entry the entry of the further name
   */
  default void hardLinkAdded(Entry entry) {}

  /**
   * {@code bytes} more of file content were read from the source, as each block is taken in; a
   * file's sizes add up to its size. Content read again to confirm a duplicate does not count.
   *
   * @param bytes the number of bytes, positive
   */
  default void bytesRead(long bytes) {}

  /** A data block of file content was queued to be compressed (or stored as it is). */
  default void blockWritten() {}

  /**
   * A data block was copied as a source image stores it, compressed, instead of being compressed
   * again ({@link WriterOptions#reuseStoredBlocks()}). Such a block is not reported by {@link
   * #blockWritten()}.
   */
  default void blockCopied() {}

  /** A data block of zeros became a hole: nothing is stored for it. */
  default void sparseBlock() {}

  /**
   * A regular file has the content of a file written before: the image stores that content once
   * ({@link WriterOptions#deduplicate()}), and the file's own content is not read into it.
   *
   * @param file the duplicate
   */
  default void fileDeduplicated(Entry file) {}

  /** A fragment block, holding the tails of small files, was filled and queued to be written. */
  default void fragmentWritten() {}

  /**
   * Something the writer went on despite, e.g. a source entry it had to leave out or change.
   *
   * @param message one line saying what and where
   */
  default void warning(String message) {}

  /** A listener that hears nothing. */
  WriteListener NONE = new WriteListener() {};
}
