package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.Tree;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A write whose file content comes before its tree, for a source that holds both in an order of its
 * own: a tar archive has each file's content right after its header, in archive order, and its
 * directory structure is complete only at the end. SquashFS keeps each file's blocks together but
 * not in tree order, so content is compressed and written as it arrives, and only the metadata
 * waits for {@link #finish}: nothing is spooled, and memory grows with the number of entries, not
 * with their size.
 *
 * <pre>{@code
 * try (StreamingWrite write = SquashfsWriter.begin(Path.of("out.sqfs"), WriterOptions.defaults())) {
 *   StoredContent hello = write.content(in, size);    // compressed and written now
 *   Tree tree = ...;   // a tree whose file "/hello" gives back `hello` from storedContent
 *   write.finish(tree); // the tree's metadata, the tables; the image is put in place
 * }
 * }</pre>
 *
 * <p>Duplicate files are found as in {@link SquashfsWriter#write}. The same content in the same
 * order and the same tree give the same bytes at any thread count. Closing a write that was not
 * finished (an error in the source) removes its image file and leaves an existing one as it was. A
 * write is used by one thread.
 */
public final class StreamingWrite implements Closeable {
  private final SquashfsWriter.Run run;

  StreamingWrite(SquashfsWriter.Run run) {
    this.run = run;
  }

  /**
   * Compresses and writes the next {@code size} bytes of {@code in} as the content of a file.
   *
   * @param in the content, read for {@code size} bytes
   * @param size the content's length
   * @return the content, for the tree given to {@link #finish} to return from {@link
   *     Tree#storedContent} for each file that has it (hard links and copies may share it)
   * @throws java.io.EOFException if {@code in} ends before {@code size} bytes
   * @throws IOException if {@code in} fails (the write is then to be closed unfinished)
   */
  public StoredContent content(InputStream in, long size) throws IOException {
    Objects.requireNonNull(in, "in");
    return run.streamed().write(in, size);
  }

  /**
   * As {@link #content(InputStream, long)}, for a sparse file whose holes the source knows (a tar
   * archive's sparse map): {@code in} delivers only the bytes of its data {@code ranges}, one after
   * the other, and the rest of the {@code size} bytes are holes. A block wholly in a hole costs
   * nothing but its entry, however large the file.
   *
   * @param in the bytes of the data ranges, one range after the other
   * @param size the content's length, holes included
   * @param ranges {@code [offset0, length0, offset1, length1, ...]}: in order, not overlapping,
   *     within {@code size} (as {@link io.github.squashtree.core.image.SquashfsImage#storedRanges}
   *     gives them)
   * @return the content, as {@link #content(InputStream, long)} returns it
   * @throws java.io.EOFException if {@code in} ends before the ranges' bytes
   * @throws IOException if {@code in} fails (the write is then to be closed unfinished)
   * @throws IllegalArgumentException if the ranges are not so
   */
  public StoredContent content(InputStream in, long size, long[] ranges) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(ranges, "ranges");
    return run.streamed().write(in, size, ranges.clone());
  }

  /**
   * Writes {@code tree} and puts the image in place. A file whose {@link Tree#storedContent} is
   * content from {@link #content} of this write has that content (its size must match); any other
   * file is read from the tree, as {@link SquashfsWriter#write} reads it.
   *
   * @param tree the tree of the image, naming the content streamed
   * @return what was written
   * @throws IOException if the tree cannot be read or the image cannot be written
   * @throws IllegalStateException if the write was finished already
   */
  public WriteResult finish(Tree tree) throws IOException {
    Objects.requireNonNull(tree, "tree");
    return run.finish(tree);
  }

  /** Ends the write; if it was not finished, its image file is removed. */
  @Override
  public void close() throws IOException {
    run.close();
  }
}
