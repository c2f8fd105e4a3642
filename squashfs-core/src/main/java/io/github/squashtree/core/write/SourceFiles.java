package io.github.squashtree.core.write;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.read.StoredFile;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;

/** Reads the source tree's files for the writer, every error naming the file it is about. */
final class SourceFiles {
  private final Tree tree;

  SourceFiles(Tree tree) {
    this.tree = tree;
  }

  Tree tree() {
    return tree;
  }

  /**
   * Opens a source file so that its errors name it (a tree's own exceptions need not); host file
   * system exceptions already name the host file and pass unchanged.
   */
  InputStream open(Entry file) throws IOException {
    InputStream in;
    try {
      in = tree.open(file);
    } catch (FileSystemException e) {
      throw e;
    } catch (IOException e) {
      throw named(file, e);
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (FileSystemException e) {
          throw e;
        } catch (IOException e) {
          throw named(file, e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (FileSystemException e) {
          throw e;
        } catch (IOException e) {
          throw named(file, e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } catch (FileSystemException e) {
          throw e;
        } catch (IOException e) {
          throw named(file, e);
        }
      }
    };
  }

  /** The content of a stored file read from its image, its errors naming the file. */
  static InputStream openStored(Entry file, StoredFile stored) throws IOException {
    try {
      return stored.image().openFile(stored.layout().inode());
    } catch (IOException e) {
      throw named(file, e);
    }
  }

  /**
   * Reads {@code length} bytes of a stored file at {@code offset}, decoding only what holds them.
   */
  static void readAt(StoredFile stored, long offset, byte[] dst, int length) throws IOException {
    int done = 0;
    while (done < length) {
      int n = stored.image().read(stored.layout().inode(), offset + done, dst, done, length - done);
      if (n <= 0) {
        throw new SquashfsFormatException("file ends before its inode's size");
      }
      done += n;
    }
  }

  static IOException named(Entry file, IOException e) {
    return new IOException(file.path() + ": " + e.getMessage(), e);
  }

  /**
   * Reads exactly {@code length} bytes into {@code dst[off..]}; fails naming a file that shrank.
   */
  static void readFully(InputStream in, byte[] dst, int off, int length, Entry file)
      throws IOException {
    int n = in.readNBytes(dst, off, length);
    if (n != length) {
      throw new IOException(file.path() + ": file shrank while it was read");
    }
  }

  /** Fails, naming the file, if {@code in} has more bytes than its size said. */
  static void requireEnd(InputStream in, Entry file) throws IOException {
    if (in.read() >= 0) {
      throw new IOException(file.path() + ": file grew while it was read");
    }
  }

  /** The error for a file whose bytes differed between two reads. */
  static IOException changed(Entry file) {
    return new IOException(file.path() + ": file changed while it was read");
  }
}
