package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedFileSystemException;

/**
 * A channel on a file of a tree in create mode, writing into its spool under the file system's
 * write lock (reads under the read lock). Writing sets the file's time as a change does.
 */
final class WriteChannel extends FileChannelBase {
  private static final int CHUNK = 64 * 1024;

  private final TreeStore tree;
  private final MemNode node;
  private final Spool spool;
  private final OpenFlags flags;
  private final SquashfsPath path;

  WriteChannel(
      SquashfsFileSystem fs,
      TreeStore tree,
      MemNode node,
      Spool spool,
      OpenFlags flags,
      SquashfsPath path) {
    super(fs);
    this.tree = tree;
    this.node = node;
    this.spool = spool;
    this.flags = flags;
    this.path = path;
    fs.register(this);
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (!flags.read() && flags.write()) {
      throw new NonReadableChannelException();
    }
    enter(false);
    try {
      byte[] buf = new byte[Math.min(dst.remaining(), CHUNK)];
      int n = spool.read(position, buf, 0, buf.length);
      if (n > 0) {
        dst.put(buf, 0, n);
        position += n;
      }
      return n;
    } finally {
      exit(false);
    }
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    ensureOpen();
    if (!flags.write()) {
      throw new NonWritableChannelException();
    }
    enter(true);
    try {
      if (flags.append()) {
        position = spool.size();
      }
      int n = src.remaining();
      byte[] buf = new byte[Math.min(n, CHUNK)];
      int done = 0;
      while (done < n) {
        int chunk = Math.min(buf.length, n - done);
        src.get(buf, 0, chunk);
        spool.write(position + done, buf, 0, chunk);
        done += chunk;
      }
      position += n;
      node.setMtime(tree.now());
      return n;
    } finally {
      exit(true);
    }
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    enter(false);
    try {
      return spool.size();
    } finally {
      exit(false);
    }
  }

  @Override
  public synchronized SeekableByteChannel truncate(long size) throws IOException {
    ensureOpen();
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    if (!flags.write()) {
      throw new NonWritableChannelException();
    }
    enter(true);
    try {
      if (size < spool.size()) {
        spool.truncate(size);
        node.setMtime(tree.now());
      }
      position = Math.min(position, size);
      return this;
    } finally {
      exit(true);
    }
  }

  private void enter(boolean write) throws ClosedChannelException {
    try {
      if (write) {
        fs.beginWrite();
      } else {
        fs.beginRead();
      }
    } catch (ClosedFileSystemException e) {
      throw new ClosedChannelException();
    }
    if (!isOpen()) {
      exit(write);
      throw new ClosedChannelException();
    }
  }

  private void exit(boolean write) {
    if (write) {
      fs.endWrite();
    } else {
      fs.endRead();
    }
  }

  @Override
  public void close() throws IOException {
    if (!markClosed()) {
      return;
    }
    if (flags.deleteOnClose() && fs.isOpen()) {
      try {
        Writes.delete(fs, path);
      } catch (IOException | ClosedFileSystemException e) {
        // already gone or the file system closing: nothing to delete then
      }
    }
  }
}
