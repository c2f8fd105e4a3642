package io.github.squashtree.core.internal.host;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A host file read as one version, as GNU tar reads it: its status when it was opened ({@code
 * before}, which the caller checked against what it listed) and when the stream is closed must
 * agree on device, inode, size, mtime and ctime, or closing fails naming the file. A rewrite in
 * place of the same size moves mtime and ctime (and ctime cannot be set back, unlike mtime); a file
 * replaced by another is another inode. A file removed while it was read was read whole, as it was:
 * that is no change of what was read.
 */
final class UnchangedFile extends FilterInputStream {
  private final Path path;
  private final HostStat before;
  private final HostFileSystem host;
  private boolean closed;

  UnchangedFile(InputStream in, Path path, HostStat before, HostFileSystem host) {
    super(in);
    this.path = path;
    this.before = before;
    this.host = host;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    super.close();
    HostStat after;
    try {
      after = host.lstat(path);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!same(before, after)) {
      throw changed(path, "changed while it was read");
    }
  }

  /** Whether two statuses show the same version of the same file. */
  static boolean same(HostStat a, HostStat b) {
    return a.dev() == b.dev()
        && a.ino() == b.ino()
        && a.size() == b.size()
        && Objects.equals(a.mtime(), b.mtime())
        && Objects.equals(a.ctime(), b.ctime());
  }

  static FileSystemException changed(Path path, String how) {
    return new FileSystemException(
        path.toString(), null, "file " + how + " (a file changing while it is read fails the run)");
  }
}
