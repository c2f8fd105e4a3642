package io.github.squashtree.maven;

import io.github.squashtree.core.write.WriteListener;
import org.apache.maven.plugin.logging.Log;

/**
 * Reports a write to Maven's log without flooding it: a line at each further quarter of the content
 * read, no oftener than every five seconds (a short write prints none), and the writer's warnings.
 */
final class LogProgress implements WriteListener {
  private static final long MIN_INTERVAL_NANOS = 5_000_000_000L;

  private final Log log;
  private final long total;
  private final long started = System.nanoTime();
  private long done;
  private int lastQuarter;
  private long lastLine = started;

  LogProgress(Log log, long totalBytes) {
    this.log = log;
    this.total = totalBytes;
  }

  @Override
  public void bytesRead(long bytes) {
    done += bytes;
    if (total <= 0) {
      return;
    }
    int quarter = (int) Math.min(4, done * 4 / total);
    long now = System.nanoTime();
    if (quarter > lastQuarter && quarter < 4 && now - lastLine >= MIN_INTERVAL_NANOS) {
      lastQuarter = quarter;
      lastLine = now;
      log.info(
          "  "
              + quarter * 25
              + "% of "
              + Sizes.human(total)
              + " read ("
              + (now - started) / 1_000_000_000L
              + " s)");
    }
  }

  @Override
  public void warning(String message) {
    log.warn(message);
  }
}
