package io.github.squashtree.overlay;

/**
 * How {@link OverlaySync} works.
 *
 * @param checksum compare file contents byte by byte (otherwise size and mtime decide)
 * @param dryRun only report what would be done
 * @param threads threads for comparing large files
 */
public record SyncOptions(boolean checksum, boolean dryRun, int threads) {
  /**
   * Checks the thread count.
   *
   * @param checksum compare file contents byte by byte (otherwise size and mtime decide)
   * @param dryRun only report what would be done
   * @param threads threads for comparing large files
   */
  public SyncOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
  }

  /**
   * Quick check, for real, default threads.
   *
   * @return the default options
   */
  public static SyncOptions defaults() {
    return new SyncOptions(false, false, CompareOptions.defaults().threads());
  }

  /**
   * These options with or without byte-by-byte comparison.
   *
   * @param on whether file contents are compared byte by byte
   * @return the new options
   */
  public SyncOptions withChecksum(boolean on) {
    return new SyncOptions(on, dryRun, threads);
  }

  /**
   * These options as a dry run or a real one.
   *
   * @param on whether only the plan is reported
   * @return the new options
   */
  public SyncOptions withDryRun(boolean on) {
    return new SyncOptions(checksum, on, threads);
  }
}
