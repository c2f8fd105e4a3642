package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Restores an entry's owner, permission bits, xattrs and mtime, in the order that keeps them. */
final class MetadataApplier {
  private final HostFileSystem host;
  private final ExtractOptions options;
  private final ExtractListener listener;

  MetadataApplier(HostFileSystem host, ExtractOptions options, ExtractListener listener) {
    this.host = host;
    this.options = options;
    this.listener = listener;
  }

  void apply(Path path, Metadata m) throws IOException {
    apply(path, m, false);
  }

  /**
   * Restores the metadata of {@code path}; {@code modeSet} says it was created with its final
   * permission bits (no setuid, setgid or sticky bit, so chown cannot clear any), so no chmod.
   */
  void apply(Path path, Metadata m, boolean modeSet) throws IOException {
    // chown clears setuid/setgid, so owners go first and the mode after them.
    if (options.owners()) {
      host.lchown(path, m.uid(), m.gid());
    }
    if (m.type() != EntryType.SYMLINK && !modeSet) {
      host.chmod(path, m.permissions());
    }
    if (options.xattrs()) {
      for (Map.Entry<String, byte[]> x : m.xattrs().entrySet()) {
        if (!host.isPrivileged() && !x.getKey().startsWith("user.")) {
          listener.warning(path + ": cannot set " + x.getKey() + " without privilege");
          continue;
        }
        try {
          host.setXattr(path, x.getKey(), x.getValue());
        } catch (IOException e) {
          listener.warning(path + ": xattr " + x.getKey() + " not restored: " + e.getMessage());
        }
      }
    }
    host.setTimes(path, m.mtime());
  }
}
