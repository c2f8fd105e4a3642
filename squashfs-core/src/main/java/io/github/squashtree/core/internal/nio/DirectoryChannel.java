package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A directory opened for reading: Linux lets {@code open} succeed and fails each {@code read} with
 * EISDIR, and the default provider passes that on; so does this channel.
 */
final class DirectoryChannel implements SeekableByteChannel {
  private final SquashfsFileSystem fs;
  private final long size;
  private long position;
  private volatile boolean open = true;

  DirectoryChannel(SquashfsFileSystem fs, long size) {
    this.fs = fs;
    this.size = size;
    fs.register(this);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    throw new IOException("Is a directory");
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureOpen();
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    ensureOpen();
    throw new NonWritableChannelException();
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      fs.unregister(this);
    }
  }
}
