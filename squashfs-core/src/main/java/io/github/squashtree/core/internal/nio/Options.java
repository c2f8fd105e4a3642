package io.github.squashtree.core.internal.nio;

import java.nio.file.LinkOption;

/** Link options of the calls that take them. */
final class Options {
  private Options() {}

  /** Whether to follow a symlink in the last place: unless NOFOLLOW_LINKS is given. */
  static boolean follow(LinkOption... options) {
    for (LinkOption o : options) {
      if (o == LinkOption.NOFOLLOW_LINKS) {
        return false;
      }
      if (o == null) {
        throw new NullPointerException();
      }
    }
    return true;
  }
}
