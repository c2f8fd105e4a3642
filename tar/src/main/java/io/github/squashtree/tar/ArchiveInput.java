package io.github.squashtree.tar;

import java.io.IOException;
import java.io.InputStream;

/** The bytes of an archive, read in order, with the count of bytes read so far. */
final class ArchiveInput {
  private final InputStream in;
  private long position;

  ArchiveInput(InputStream in) {
    this.in = in;
  }

  /** Bytes read (or skipped) so far: where the next byte lies in the archive. */
  long position() {
    return position;
  }

  /**
   * Fills {@code dst[off, off+len)}; returns the bytes read, fewer only at the end of the archive.
   */
  int read(byte[] dst, int off, int len) throws IOException {
    int n = in.readNBytes(dst, off, len);
    position += n;
    return n;
  }

  /** Reads up to {@code len} bytes as they come: -1 at the end. */
  int readSome(byte[] dst, int off, int len) throws IOException {
    int n = in.read(dst, off, len);
    if (n > 0) {
      position += n;
    }
    return n;
  }

  /** Skips {@code n} bytes; returns how many there were (fewer at the end of the archive). */
  long skip(long n) throws IOException {
    long done = 0;
    while (done < n) {
      long k = in.skip(n - done);
      if (k <= 0) {
        // skip() may return 0 before the end; one read tells which.
        if (in.read() < 0) {
          break;
        }
        k = 1;
      }
      done += k;
    }
    position += done;
    return done;
  }
}
