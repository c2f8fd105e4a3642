package io.github.squashtree.core.internal.nio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The content of a file written in create mode until the image is made: small content in memory
 * while the file system's memory budget allows, the rest in a temporary file of its own. Callers
 * hold the file system's lock: a spool is not thread-safe by itself.
 */
final class Spool {
  /** Content kept in memory per file at most; larger content moves to a temporary file. */
  static final int MEMORY_LIMIT = 64 * 1024;

  private final SpoolDirectory dir;
  private byte[] memory = new byte[0];
  private long size;
  private Path file;
  private FileChannel channel;

  Spool(SpoolDirectory dir) {
    this.dir = dir;
  }

  long size() {
    return size;
  }

  int read(long position, byte[] dst, int off, int len) throws IOException {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    if (channel == null) {
      System.arraycopy(memory, (int) position, dst, off, n);
      return n;
    }
    ByteBuffer b = ByteBuffer.wrap(dst, off, n);
    while (b.hasRemaining()) {
      if (channel.read(b, position + b.position() - off) < 0) {
        break; // cannot happen while the file is ours
      }
    }
    return n;
  }

  /** Writes at {@code position}; a gap after the end reads as zeros. */
  void write(long position, byte[] src, int off, int len) throws IOException {
    long end = Math.addExact(position, len);
    if (channel == null && end > memory.length) {
      int capacity = (int) Math.min(MEMORY_LIMIT, Math.max(end, memory.length * 2L));
      if (end > MEMORY_LIMIT || !dir.reserve(capacity - memory.length)) {
        moveToFile();
      } else {
        memory = Arrays.copyOf(memory, capacity);
      }
    }
    if (channel == null) {
      if (position > size) {
        Arrays.fill(memory, (int) size, (int) position, (byte) 0);
      }
      System.arraycopy(src, off, memory, (int) position, len);
    } else {
      ByteBuffer b = ByteBuffer.wrap(src, off, len);
      while (b.hasRemaining()) {
        channel.write(b, position + b.position() - off);
      }
    }
    size = Math.max(size, end);
  }

  void truncate(long newSize) throws IOException {
    if (newSize >= size) {
      return;
    }
    if (channel != null) {
      channel.truncate(newSize);
    }
    size = newSize;
  }

  private void moveToFile() throws IOException {
    file = dir.newFile();
    channel =
        FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    ByteBuffer b = ByteBuffer.wrap(memory, 0, (int) size);
    while (b.hasRemaining()) {
      channel.write(b, b.position());
    }
    dir.release(memory.length);
    memory = null;
  }

  /** A new stream over the whole content (the writer may read a file more than once). */
  InputStream open() throws IOException {
    if (channel == null) {
      return new ByteArrayInputStream(memory, 0, (int) size);
    }
    FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
    return Channels.newInputStream(in);
  }

  /** Frees what the spool holds; the file system closes it once the image is written. */
  void discard() throws IOException {
    if (channel != null) {
      channel.close();
      Files.deleteIfExists(file);
      channel = null;
    } else if (memory != null) {
      dir.release(memory.length);
    }
    memory = new byte[0];
    size = 0;
  }
}
