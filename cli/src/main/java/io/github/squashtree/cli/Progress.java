package io.github.squashtree.cli;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageWalker;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriteListener;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.ChangeField;
import io.github.squashtree.overlay.ChangeKind;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress display on stderr, redrawn at most ten times a second: a bar, the percentage,
 * the bytes done, the rate and the time left when the total is known, else the bytes and the rate.
 * Listeners call it from several threads; only one of them draws at a time and the others move on.
 * Off (not a terminal, --no-progress, --quiet), each call is one test of a final field: the work is
 * not slowed (warnings are still printed).
 */
final class Progress implements ExtractListener, VerifyListener, WriteListener {
  private static final long INTERVAL_NANOS = 100_000_000L;
  private static final int BAR = 40;

  private final PrintStream err;
  private final String label;
  private final boolean enabled;
  private final AtomicLong bytes = new AtomicLong();
  private final long start = System.nanoTime();
  private final AtomicLong lastDraw = new AtomicLong(start);
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
    if (enabled) {
      done = bytes.addAndGet(n);
      maybeDraw();
    }
  }

  /**
   * {@code out}, counting what goes through it when the line is drawn (else {@code out} itself).
   */
  OutputStream counting(OutputStream out) {
    if (!enabled) {
      return out;
    }
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytesWritten(len);
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        bytesWritten(1);
      }
    };
  }

  /**
   * A bar for extracting {@code path} of {@code image}: the content of its files is added up first
   * (hard links once), from the image's metadata, only when the bar is drawn.
   */
  static Progress forExtract(ImageReader image, String path, PrintStream err, boolean enabled)
      throws IOException {
    Progress p = new Progress(err, "extracting", enabled);
    if (enabled) {
      long[] sum = {0};
      Set<Long> linked = new HashSet<>();
      new ImageWalker(image)
          .walk(
              path,
              (name, inode, ref, depth) -> {
                if (inode instanceof FileInode f
                    && (f.nlink() <= 1 || linked.add(inode.inodeNumber()))) {
                  sum[0] += f.fileSize();
                }
                return true;
              });
      p.total = sum[0];
    }
    return p;
  }

  /**
   * A bar for sync or apply ({@code label}): its total is the content the plan writes, set by
   * {@link #planned} once the whole plan is known; each change made adds its share by {@link
   * #changed}.
   */
  static Progress forChanges(PrintStream err, String label, boolean enabled) {
    return new Progress(err, label, enabled);
  }

  /** Sets the total to the content {@code plan} writes. */
  void planned(List<Change> plan) {
    if (enabled) {
      Set<Long> linked = new HashSet<>();
      long sum = 0;
      for (Change c : plan) {
        sum += written(c, linked);
      }
      total = sum;
    }
  }

  /** Counts what {@code c}, just made, wrote. */
  void changed(Change c) {
    if (enabled) {
      long n = written(c, linkedDone);
      if (n > 0) {
        bytesWritten(n);
      }
    }
  }

  private final Set<Long> linkedDone = new HashSet<>();

  /**
   * The content a change writes: a file added (a copy-up in an upper directory is an add there),
   * replaced or with new content; a hard-link group's content once, its other names are links.
   */
  private static long written(Change c, Set<Long> linked) {
    Entry after = c.after();
    if (after == null || after.type() != EntryType.FILE) {
      return 0;
    }
    boolean content =
        c.kind() == ChangeKind.ADD || c.kind() == ChangeKind.REPLACE || c.has(ChangeField.CONTENT);
    if (!content || (after.metadata().nlink() > 1 && !linked.add(after.metadata().linkKey()))) {
      return 0;
    }
    return after.metadata().size();
  }

  /** The bytes counted so far. */
  long done() {
    return done;
  }

  /** The bytes expected in all (0: unknown). */
  long total() {
    return total;
  }

  /**
   * Takes the line away before a change is printed on the same terminal; it comes back at the next
   * draw.
   */
  synchronized void beforeOutput() {
    clear();
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
    if (enabled) {
      this.done = done;
      this.total = total;
      maybeDraw();
    }
  }

  private void maybeDraw() {
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
    err.print(line(done, total, System.nanoTime() - start));
    err.flush();
    drawn = true;
  }

  /** The line for {@code done} of {@code total} bytes (0: unknown) after {@code nanos}. */
  String line(long done, long total, long nanos) {
    StringBuilder line = new StringBuilder(100).append('\r').append(label).append(' ');
    long d = Math.min(done, total > 0 ? total : Long.MAX_VALUE);
    if (total > 0) {
      int filled = (int) (BAR * d / total);
      line.append('[').append("=".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ");
      line.append(100 * d / total).append("% ");
    }
    line.append(mib(d)).append(" MiB");
    double seconds = nanos / 1e9;
    if (seconds >= 0.5 && d > 0) {
      double rate = d / seconds;
      line.append(", ").append(mib((long) rate)).append(" MiB/s");
      if (total > 0) {
        line.append(", ").append(clock((long) Math.ceil((total - d) / rate))).append(" left");
      }
    }
    return line.append("\033[K").toString();
  }

  /** m:ss, or h:mm:ss from an hour on. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    String mmss = (h > 0 && m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    return h > 0 ? h + ":" + mmss : mmss;
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
