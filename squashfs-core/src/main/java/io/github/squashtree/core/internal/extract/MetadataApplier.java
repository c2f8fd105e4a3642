package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostNode;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import java.io.IOException;
import java.util.Map;

/**
 * Restores an entry's owner, permission bits, xattrs and mtime on the open object, in the order
 * that keeps them.
 */
final class MetadataApplier {
  private final HostFileSystem host;
  private final ExtractOptions options;
  private final ExtractListener listener;

  MetadataApplier(HostFileSystem host, ExtractOptions options, ExtractListener listener) {
    this.host = host;
    this.options = options;
    this.listener = listener;
  }

  void apply(HostNode node, Metadata m) throws IOException {
    apply(node, m, false);
  }

  /**
   * Restores the metadata of {@code node}; {@code modeSet} says it was created with its final
   * permission bits (no setuid, setgid or sticky bit, so chown cannot clear any), so no chmod.
   */
  void apply(HostNode node, Metadata m, boolean modeSet) throws IOException {
    // chown clears setuid/setgid, so owners go first and the mode after them.
    if (options.owners()) {
      node.setOwner(m.uid(), m.gid());
    }
    if (m.type() != EntryType.SYMLINK && !modeSet) {
      node.setPermissions(m.permissions());
    }
    if (options.xattrs()) {
      for (Map.Entry<String, byte[]> x : m.xattrs().entrySet()) {
        if (!host.isPrivileged() && !x.getKey().startsWith("user.")) {
          listener.warning(node.path() + ": cannot set " + x.getKey() + " without privilege");
          continue;
        }
        try {
          node.setXattr(x.getKey(), x.getValue());
        } catch (IOException e) {
          listener.warning(
              node.path() + ": xattr " + x.getKey() + " not restored: " + e.getMessage());
        }
      }
    }
    node.setTimes(m.mtime());
  }
}
