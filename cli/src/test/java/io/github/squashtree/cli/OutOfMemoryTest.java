package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A worker's out-of-memory reaches the command wrapped; the one line must still be found. */
class OutOfMemoryTest {
  @Test
  void foundAsACauseOrSuppressedOne() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    IOException worker = new IOException("compression failed: " + oom, oom);
    assertSame(oom, OutOfMemory.find(new UncheckedIOException(worker)));
    IOException closing = new IOException("write failed");
    closing.addSuppressed(worker);
    assertSame(oom, OutOfMemory.find(closing));
  }

  @Test
  void aLoopingChainEnds() {
    IOException a = new IOException("a");
    IOException b = new IOException("b", a);
    a.initCause(b);
    assertNull(OutOfMemory.find(a));
  }
}
