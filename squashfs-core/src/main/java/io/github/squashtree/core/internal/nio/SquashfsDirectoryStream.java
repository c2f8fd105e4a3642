package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The entries of a directory as listed when the stream was opened, each the directory's path (as
 * given) resolved against the name, filtered as the iteration reaches it. Closing the stream, or
 * the file system, ends the iteration.
 */
final class SquashfsDirectoryStream implements DirectoryStream<Path> {
  private final SquashfsFileSystem fs;
  private final SquashfsPath dir;
  private final List<byte[]> names;
  private final Filter<? super Path> filter;
  private volatile boolean open = true;
  private boolean iterated;

  SquashfsDirectoryStream(
      SquashfsFileSystem fs, SquashfsPath dir, List<byte[]> names, Filter<? super Path> filter) {
    this.fs = fs;
    this.dir = dir;
    this.names = names;
    this.filter = filter;
    fs.register(this);
  }

  @Override
  public synchronized Iterator<Path> iterator() {
    if (!open) {
      // as zipfs: an IllegalStateException that says why (the stream or its file system closed)
      throw new ClosedDirectoryStreamException();
    }
    if (iterated) {
      throw new IllegalStateException("Iterator already obtained");
    }
    iterated = true;
    return new Iterator<>() {
      private int next;
      private Path ahead;

      @Override
      public boolean hasNext() {
        while (ahead == null && open && next < names.size()) {
          Path p = dir.resolve(names.get(next++));
          try {
            if (filter == null || filter.accept(p)) {
              ahead = p;
            }
          } catch (IOException e) {
            throw new DirectoryIteratorException(e);
          }
        }
        return ahead != null;
      }

      @Override
      public Path next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Path p = ahead;
        ahead = null;
        return p;
      }
    };
  }

  @Override
  public void close() {
    open = false;
    fs.unregister(this);
  }
}
