package io.github.squashtree.core.image;

/**
 * What an extraction restores beyond content, permissions, mtimes, symlinks and hard links.
 *
 * @param owners set uid/gid (needs root)
 * @param xattrs restore extended attributes (as non-root only user.* can be set)
 * @param devices create block and character devices (needs root)
 * @param threads workers that decode and write files in parallel
 */
public record ExtractOptions(boolean owners, boolean xattrs, boolean devices, int threads) {
  /**
   * Checks the thread count.
   *
   * @param owners set uid/gid (needs root)
   * @param xattrs restore extended attributes (as non-root only user.* can be set)
   * @param devices create block and character devices (needs root)
   * @param threads workers that decode and write files in parallel
   */
  public ExtractOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
  }

  /**
   * What {@code unsquashfs -d} does: everything the current user is allowed to restore.
   *
   * @param privileged whether the user may set owners and make devices (root)
   * @return the options
   */
  public static ExtractOptions forCurrentUser(boolean privileged) {
    return new ExtractOptions(
        privileged, true, privileged, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * These options with another number of workers.
   *
   * @param n workers, at least 1
   * @return the new options
   */
  public ExtractOptions withThreads(int n) {
    return new ExtractOptions(owners, xattrs, devices, n);
  }
}
