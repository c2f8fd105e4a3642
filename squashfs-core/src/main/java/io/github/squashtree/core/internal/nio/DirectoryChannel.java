package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A directory opened for reading: Linux lets {@code open} succeed and fails each {@code read} with
 * EISDIR, and the default provider passes that on; so does this channel.
 */
final class DirectoryChannel extends FileChannelBase {
  private final long size;

  DirectoryChannel(SquashfsFileSystem fs, long size) {
    super(fs);
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
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    ensureOpen();
    throw new NonWritableChannelException();
  }

  @Override
  public void close() {
    markClosed();
  }
}
