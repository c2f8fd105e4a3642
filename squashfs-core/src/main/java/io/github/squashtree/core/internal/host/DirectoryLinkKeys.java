package io.github.squashtree.core.internal.host;

import io.github.squashtree.core.tree.Metadata;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Folds a device and inode pair into one {@link Metadata#linkKey()} for a {@link
 * HostDirectoryTree}.
 *
 * <p>Each device gets a small number in the order the tree meets it, the root's device first
 * (number 0); the key is the inode number with the device number XORed into its top 16 bits. So a
 * tree on one device has the inode numbers themselves as keys, and keys of different devices cannot
 * collide while inode numbers stay below 2^48 (ext4 uses 32 bits; xfs, btrfs and tmpfs stay far
 * below 2^48 in practice) and a tree spans fewer than 65536 devices. This matters on overlayfs,
 * whose layers on different devices often reuse the same inode numbers.
 *
 * <p>The numbers of devices other than the root's depend on the order of the walk, so keys are
 * meaningful only within one tree instance, which is all {@link Metadata#linkKey()} promises.
 */
final class DirectoryLinkKeys {
  private final ConcurrentHashMap<Long, Integer> devices = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();

  DirectoryLinkKeys(long rootDevice) {
    devices.put(rootDevice, next.getAndIncrement());
  }

  long key(long dev, long ino) {
    long number = devices.computeIfAbsent(dev, d -> next.getAndIncrement());
    return ino ^ (number << 48);
  }
}
