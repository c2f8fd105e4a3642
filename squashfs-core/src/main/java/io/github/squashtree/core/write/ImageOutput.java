package io.github.squashtree.core.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Sequential writes to the image file, keeping track of where the next byte goes; what is written
 * can be read back, and the end taken back (a duplicate found after its blocks were written).
 * Positions count from the image's start, which is {@code base} bytes into the file ({@link
 * WriterOptions#offset()}).
 */
final class ImageOutput {
  private final FileChannel channel;
  private final Path image;
  private final long base;
  private final long limit;
  private final boolean truncatable;
  private long position;

  /**
   * {@code image} names the target in error messages (a full disk, an I/O error); nothing is
   * written at {@code limit} bytes from the image's start or beyond (the end of a block device),
   * and the file is cut short on {@link #rewind} only if {@code truncatable}.
   */
  ImageOutput(
      FileChannel channel, long start, Path image, long base, long limit, boolean truncatable) {
    this.channel = channel;
    this.position = start;
    this.image = image;
    this.base = base;
    this.limit = limit;
    this.truncatable = truncatable;
  }

  /** The channel and bounds of {@code destination}. */
  ImageOutput(ImageDestination destination, long start, long base) {
    this(
        destination.channel(),
        start,
        destination.path(),
        base,
        destination.limit(),
        destination.truncatable());
  }

  /** Fails, before anything is written past it, when the image would not fit. */
  private void checkFits(long end) throws IOException {
    if (end > limit) {
      throw new IOException(
          image
              + ": too small for the image: it holds "
              + limit
              + " bytes"
              + (base > 0 ? " after the offset" : "")
              + ", the image needs more than that");
    }
  }

  long position() {
    return position;
  }

  void write(byte[] bytes, int off, int len) throws IOException {
    checkFits(position + len);
    ByteBuffer b = ByteBuffer.wrap(bytes, off, len);
    try {
      while (b.hasRemaining()) {
        position += channel.write(b, base + position);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Reads {@code len} bytes written earlier at {@code at}. */
  void read(long at, byte[] dst, int off, int len) throws IOException {
    if (at < 0 || len > position - at) {
      throw new IllegalArgumentException("not written yet: " + len + " bytes at " + at);
    }
    ByteBuffer b = ByteBuffer.wrap(dst, off, len);
    try {
      while (b.hasRemaining()) {
        int n = channel.read(b, base + at + b.position() - off);
        if (n < 0) {
          throw new IOException("the image file ends at " + (at + b.position() - off));
        }
      }
    } catch (IOException e) {
      throw new IOException("reading back " + image + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes back everything written from {@code at} on: the next write goes there, and the file is
   * cut there (a regular file; a device keeps its bytes, to be overwritten).
   */
  void rewind(long at) throws IOException {
    if (at < 0 || at > position) {
      throw new IllegalArgumentException("cannot rewind to " + at + " from " + position);
    }
    position = at;
    try {
      if (truncatable && channel.size() > base + at) {
        channel.truncate(base + at);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private IOException failed(IOException e) {
    return new IOException("writing " + image + ": " + e.getMessage(), e);
  }

  void writeAt(long at, ByteBuffer b) throws IOException {
    checkFits(at + b.remaining());
    long p = base + at;
    try {
      while (b.hasRemaining()) {
        p += channel.write(b, p);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }
}
