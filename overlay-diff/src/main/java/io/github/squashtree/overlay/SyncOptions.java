package io.github.squashtree.overlay;

/**
 * How {@link OverlaySync} works.
 *
 * @param checksum compare file contents byte by byte (otherwise size and mtime decide)
 * @param dryRun only report what would be done
 * @param threads threads for comparing large files
 */
public record SyncOptions(boolean checksum, boolean dryRun, int threads) {
  public SyncOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
  }

  /** Quick check, for real, default threads. */
  public static SyncOptions defaults() {
    return new SyncOptions(false, false, CompareOptions.defaults().threads());
  }

  public SyncOptions withChecksum(boolean on) {
    return new SyncOptions(on, dryRun, threads);
  }

  public SyncOptions withDryRun(boolean on) {
    return new SyncOptions(checksum, on, threads);
  }
}
