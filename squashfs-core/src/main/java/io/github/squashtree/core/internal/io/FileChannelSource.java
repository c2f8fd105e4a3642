package io.github.squashtree.core.internal.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Positional reads from a file channel; safe for concurrent use.
 *
 * <p>A {@link FileChannel} closes itself when a thread reading it is interrupted, for every thread.
 * An image is shared by many readers (an extraction's workers, a server's requests), and one
 * cancelled reader must not end the others' reads: a source opened from a path reopens the file
 * then, and only the interrupted thread's read fails ({@link ClosedByInterruptException}). A source
 * over a caller's channel cannot reopen it, and fails as the channel does.
 */
final class FileChannelSource implements ByteSource {
  /** Reopens one read may need before it gives up: each needs another thread's interrupt. */
  private static final int MAX_REOPENS = 64;

  private final Path file;
  private final Object fileKey;
  private volatile FileChannel channel;
  private volatile boolean closed;

  private FileChannelSource(FileChannel channel, Path file, Object fileKey) {
    this.channel = channel;
    this.file = file;
    this.fileKey = fileKey;
  }

  /** A source over a caller's channel; closing it closes the channel. */
  static FileChannelSource over(FileChannel channel) {
    return new FileChannelSource(channel, null, null);
  }

  /**
   * A source over the file at {@code file}, which it may reopen (see the class comment); refused
   * unless it is a regular file or a block device ({@link ImageFiles}).
   */
  static FileChannelSource open(Path file) throws IOException {
    ImageFiles.requireReadable(file);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new FileChannelSource(channel, file, fileKey(file));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public long size() throws IOException {
    for (int reopens = 0; ; reopens++) {
      FileChannel ch = channel;
      try {
        return ch.size();
      } catch (ClosedByInterruptException e) {
        throw e;
      } catch (ClosedChannelException e) {
        reopenAfter(ch, e, reopens);
      }
    }
  }

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws IOException {
    for (int reopens = 0; ; reopens++) {
      FileChannel ch = channel;
      try {
        readFully(ch, position, dst, off, len);
        return;
      } catch (ClosedByInterruptException e) {
        throw e; // this thread was interrupted: its read ends, the next reader reopens
      } catch (ClosedChannelException e) {
        reopenAfter(ch, e, reopens);
      }
    }
  }

  private static void readFully(FileChannel ch, long position, byte[] dst, int off, int len)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(dst, off, len);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = ch.read(buffer, at);
      if (n < 0) {
        throw new EOFException(
            "image ends at " + at + " while reading " + len + " bytes at " + position);
      }
      at += n;
    }
  }

  /**
   * Replaces {@code broken}, closed by another thread's interrupt, with the same file opened again;
   * rethrows {@code e} when the source itself was closed or cannot reopen.
   */
  private synchronized void reopenAfter(FileChannel broken, ClosedChannelException e, int reopens)
      throws IOException {
    if (closed || file == null || reopens >= MAX_REOPENS) {
      throw e;
    }
    if (channel != broken) {
      return; // another reader reopened it already
    }
    FileChannel fresh = FileChannel.open(file, StandardOpenOption.READ);
    if (!Objects.equals(fileKey(file), fileKey)) {
      fresh.close();
      throw new IOException(file + ": the image file was replaced while it was open");
    }
    channel = fresh;
  }

  /** The file's identity (device and inode on Linux), to tell a reopened file from a new one. */
  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }
}
