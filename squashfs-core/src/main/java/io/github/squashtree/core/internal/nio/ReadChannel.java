package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.SquashfsFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedFileSystemException;

/**
 * A read-only, seekable channel over a file's content; reads decode only the blocks they need.
 * Closing the file system closes it; a read after that fails with {@link ClosedChannelException}.
 */
final class ReadChannel extends FileChannelBase {
  private static final int CHUNK = 64 * 1024;

  private final SquashfsPath path;
  private final Store.Content content;

  ReadChannel(SquashfsFileSystem fs, SquashfsPath path, Store.Content content) {
    super(fs);
    this.path = path;
    this.content = content;
    fs.register(this);
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    begin();
    try {
      int n;
      if (dst.hasArray()) {
        n =
            content.read(
                position, dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
          dst.position(dst.position() + n);
        }
      } else {
        byte[] buf = new byte[Math.min(dst.remaining(), CHUNK)];
        n = content.read(position, buf, 0, buf.length);
        if (n > 0) {
          dst.put(buf, 0, n);
        }
      }
      if (n > 0) {
        position += n;
      }
      return n;
    } catch (SquashfsFormatException e) {
      throw Operations.named(path, e);
    } finally {
      fs.endRead();
    }
  }

  /** Enters the file system's read lock; a file system closed meanwhile closes this channel. */
  private void begin() throws ClosedChannelException {
    try {
      fs.beginRead();
    } catch (ClosedFileSystemException e) {
      throw new ClosedChannelException();
    }
    if (!isOpen()) {
      fs.endRead();
      throw new ClosedChannelException();
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ensureOpen();
    throw new NonWritableChannelException();
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return content.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    ensureOpen();
    throw new NonWritableChannelException();
  }

  @Override
  public void close() throws IOException {
    if (markClosed()) {
      content.close();
    }
  }
}
