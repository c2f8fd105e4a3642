package io.github.squashtree.tar;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A regular file's content as a member stores it: its bytes straight from the archive, or, for a
 * sparse file, its regions' bytes with zeros between them. Reading past what the archive holds is
 * an error naming the member.
 */
final class MemberContent extends InputStream {
  private final ArchiveInput in;
  private final SparseMap sparse;
  private final long size;
  private final String where;

  /** Bytes of the file delivered so far. */
  private long position;

  /** The sparse region the next stored byte belongs to. */
  private int region;

  MemberContent(ArchiveInput in, SparseMap sparse, long size, long stored, String where) {
    this.in = in;
    this.sparse = sparse;
    this.size = size;
    this.where = where;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    int want = (int) Math.min(len, size - position);
    if (sparse != null) {
      while (region < sparse.count() && position >= sparse.offset(region) + sparse.length(region)) {
        region++;
      }
      long dataStart = region < sparse.count() ? sparse.offset(region) : size;
      if (position < dataStart) {
        int zeros = (int) Math.min(want, dataStart - position);
        Arrays.fill(b, off, off + zeros, (byte) 0);
        position += zeros;
        return zeros;
      }
      want = (int) Math.min(want, dataStart + sparse.length(region) - position);
    }
    int n = in.readSome(b, off, want);
    if (n <= 0) {
      throw new TarFormatException(
          where + ": truncated: the archive ends at byte " + in.position() + ", in its content");
    }
    position += n;
    return n;
  }
}
