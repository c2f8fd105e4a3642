package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.ForwardingTree;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.Tree;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tree that reports the bytes read from its files to a {@link Progress} bar, so that {@code mk}
 * shows how far the writer got. When the bar is shown, the source is walked once first to learn the
 * total (as mksquashfs scans its source before packing); bytes read twice to confirm duplicates
 * count twice, and the bar stops at 100%.
 */
final class ProgressTree extends ForwardingTree {
  private final Progress progress;
  private final boolean enabled;
  private final AtomicLong done = new AtomicLong();
  private long total;

  ProgressTree(Tree tree, PrintStream err, boolean enabled) throws IOException {
    super(tree);
    this.enabled = enabled;
    this.progress = new Progress(err, "writing", enabled);
    if (enabled) {
      total = totalBytes();
    }
  }

  private long totalBytes() throws IOException {
    long sum = 0;
    Deque<Entry> pending = new ArrayDeque<>(List.of(delegate().root()));
    while (!pending.isEmpty()) {
      for (Entry e : delegate().children(pending.pop())) {
        if (e.isDirectory()) {
          pending.push(e);
        } else if (e.type() == EntryType.FILE) {
          sum += e.metadata().size();
        }
      }
    }
    return sum;
  }

  /** The writer reads a stored file from its image, not through {@link #open}: count it here. */
  @Override
  public Optional<StoredContent> storedContent(Entry file) throws IOException {
    Optional<StoredContent> stored = super.storedContent(file);
    if (enabled && stored.isPresent()) {
      count(file.metadata().size());
    }
    return stored;
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    InputStream in = super.open(file);
    if (!enabled) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          count(n);
        }
        return n;
      }
    };
  }

  private void count(long n) {
    progress.progress(done.addAndGet(n), total);
  }

  /** Removes the progress line. The wrapped tree is closed by its owner. */
  void finish() {
    progress.finish();
  }

  @Override
  public void close() {}
}
