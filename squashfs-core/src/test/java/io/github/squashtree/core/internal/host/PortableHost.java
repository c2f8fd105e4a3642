package io.github.squashtree.core.internal.host;

/**
 * The portable (NIO) host for tests in other packages, so that code which must cope with its limits
 * (a symlink target a {@code Path} cannot hold) is tested on Linux too.
 */
public final class PortableHost {
  private PortableHost() {}

  /** A NIO host that reports {@code reason} as its limitation. */
  public static HostFileSystem create(String reason) {
    return new NioHostFileSystem(reason);
  }
}
