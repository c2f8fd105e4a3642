package io.github.squashtree.core.internal.verify;

import io.github.squashtree.core.MissingCodecException;
import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.ReaderOptions;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.image.VerifyReport;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks that every part of an image can be read: the superblock, every inode and directory listing
 * reachable from the root (a loop or a second path to a directory is corruption), the id table,
 * every data block and fragment block (decoded in full), the xattrs of every inode, and the export
 * table (each inode number maps back to an inode with that number).
 *
 * <pre>{@code
 * VerifyReport report = new ImageVerifier(VerifyListener.NONE).verify(Path.of("root.sqfs"));
 * if (!report.ok()) System.err.println(report.problem());
 * }</pre>
 *
 * <p>Data blocks are decoded on several threads; the problem reported is nevertheless always the
 * first one in walk order, so the result does not depend on timing.
 */
public final class ImageVerifier {
  private final VerifyListener listener;
  private final int threads;

  /** A verifier decoding on as many threads as there are processors. */
  public ImageVerifier(VerifyListener listener) {
    this(listener, Runtime.getRuntime().availableProcessors());
  }

  public ImageVerifier(VerifyListener listener, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.listener = listener;
    this.threads = threads;
  }

  /**
   * Opens and verifies the image in a file.
   *
   * @throws SquashfsFormatException if the file is not a SquashFS image at all (no magic number); a
   *     damaged image is not an exception but a report with a {@linkplain VerifyReport#problem()
   *     problem}
   * @throws IOException if the file cannot be read
   */
  public VerifyReport verify(Path file) throws IOException {
    return verify(file, ReaderOptions.defaults());
  }

  /** As {@link #verify(Path)}, the image read with {@code options} (its offset, its caches). */
  public VerifyReport verify(Path file, ReaderOptions options) throws IOException {
    ImageReader image;
    try {
      image = ImageReader.open(ByteSource.of(file), options);
    } catch (SquashfsFormatException e) {
      // A missing codec library says nothing about the image.
      if (e instanceof MissingCodecException || !hasMagic(file, options.offset())) {
        throw e;
      }
      return VerifyRun.failed(e.getMessage());
    }
    try (image) {
      return verify(image);
    }
  }

  /** Verifies an open image (the caller closes it). */
  public VerifyReport verify(ImageReader image) throws IOException {
    return new VerifyRun(image, listener, threads).execute();
  }

  private static boolean hasMagic(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
        // read until 4 bytes or end of file
      }
      return !b.hasRemaining() && b.getInt(0) == Superblock.MAGIC;
    }
  }
}
