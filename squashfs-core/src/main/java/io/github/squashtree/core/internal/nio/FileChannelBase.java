package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * What the file system's channels share: a position and an open flag. Each subclass registers with
 * the file system at the end of its constructor (closing the file system closes it) and unregisters
 * through {@link #markClosed}.
 */
abstract class FileChannelBase implements SeekableByteChannel {
  final SquashfsFileSystem fs;
  long position;
  private volatile boolean open = true;

  FileChannelBase(SquashfsFileSystem fs) {
    this.fs = fs;
  }

  final void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }

  /** Marks the channel closed and unregisters it; false when it was closed already. */
  final boolean markClosed() {
    if (!open) {
      return false;
    }
    open = false;
    fs.unregister(this);
    return true;
  }

  @Override
  public final boolean isOpen() {
    return open;
  }

  @Override
  public final synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public final synchronized SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }
}
