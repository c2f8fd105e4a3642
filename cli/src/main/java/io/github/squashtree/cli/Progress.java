package io.github.squashtree.cli;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriteListener;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress display on stderr, redrawn at most ten times a second. Listeners call it from
 * several threads; only one of them draws at a time and the others move on.
 */
final class Progress implements ExtractListener, VerifyListener, WriteListener {
  private static final long INTERVAL_NANOS = 100_000_000L;
  private static final int BAR = 40;

  private final PrintStream err;
  private final String label;
  private final boolean enabled;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong lastDraw = new AtomicLong(System.nanoTime());
  private volatile long done;
  private volatile long total;
  private boolean drawn;

  Progress(PrintStream err, String label, boolean enabled) {
    this.err = err;
    this.label = label;
    this.enabled = enabled;
  }

  /**
   * A bar for writing {@code source}. When it is drawn, the source is walked once first for the
   * total (as mksquashfs scans its source before packing): the content of each file, hard links
   * once. The writer reports each content once too, a duplicate by its size, so the bar ends at
   * 100%.
   */
  static Progress forWrite(Tree source, PrintStream err, boolean enabled) throws IOException {
    Progress p = new Progress(err, "writing", enabled);
    if (enabled) {
      p.total = contentBytes(source);
    }
    return p;
  }

  private static long contentBytes(Tree tree) throws IOException {
    long sum = 0;
    Set<Long> linked = new HashSet<>();
    Deque<Entry> pending = new ArrayDeque<>(List.of(tree.root()));
    while (!pending.isEmpty()) {
      for (Entry e : tree.children(pending.pop())) {
        if (e.isDirectory()) {
          pending.push(e);
        } else if (e.type() == EntryType.FILE
            && (e.metadata().nlink() <= 1 || linked.add(e.metadata().linkKey()))) {
          sum += e.metadata().size();
        }
      }
    }
    return sum;
  }

  @Override
  public void bytesRead(long n) {
    bytesWritten(n);
  }

  @Override
  public void fileDeduplicated(Entry file) {
    bytesWritten(file.metadata().size());
  }

  @Override
  public void bytesWritten(long n) {
    done = bytes.addAndGet(n);
    maybeDraw();
  }

  @Override
  public void warning(String message) {
    synchronized (this) {
      clear();
      Diagnostics.print(err, "warning: " + message);
    }
  }

  @Override
  public void progress(long done, long total) {
    this.done = done;
    this.total = total;
    maybeDraw();
  }

  private void maybeDraw() {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    long last = lastDraw.get();
    if (now - last < INTERVAL_NANOS || !lastDraw.compareAndSet(last, now)) {
      return;
    }
    synchronized (this) {
      draw();
    }
  }

  private void draw() {
    StringBuilder line = new StringBuilder(80).append('\r').append(label).append(' ');
    long t = total;
    long d = Math.min(done, t > 0 ? t : Long.MAX_VALUE);
    if (t > 0) {
      int filled = (int) (BAR * d / t);
      line.append('[');
      line.append("=".repeat(filled)).append(" ".repeat(BAR - filled));
      line.append("] ").append(100 * d / t).append("% ");
    }
    line.append(mib(d)).append(" MiB");
    err.print(line);
    err.flush();
    drawn = true;
  }

  private static String mib(long bytes) {
    long tenths = bytes * 10 / (1024 * 1024);
    return tenths / 10 + "." + tenths % 10;
  }

  private void clear() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }

  /** Removes the progress line so that normal output follows on a clean line. */
  synchronized void finish() {
    clear();
  }
}
