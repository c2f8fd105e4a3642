package io.github.squashtree.core.internal.host;

import java.io.IOException;

/** A regular file this process created and holds open for writing. */
public interface HostFile extends HostNode {
  /** Writes {@code length} bytes of {@code bytes} from {@code offset} at {@code position}. */
  void write(long position, byte[] bytes, int offset, int length) throws IOException;
}
