package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ExtractResult;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Extracts an image, or a subtree of it, into a directory, as {@code unsquashfs -d} does.
 *
 * <p>Safety: names come from listings the reader has checked (no "", ".", "..", "/" or NUL), every
 * output path is checked to lie inside the destination, files are created new without following
 * symlinks, and the destination must be new or empty, so nothing of the image is ever written
 * through a symlink. If extraction fails, everything it wrote is removed again.
 */
public final class Extractor {
  private final ImageReader image;
  private final ExtractOptions options;
  private final ExtractListener listener;
  private final HostFileSystem host;

  public Extractor(ImageReader image, ExtractOptions options, ExtractListener listener) {
    this(image, options, listener, HostFileSystem.get());
  }

  Extractor(
      ImageReader image, ExtractOptions options, ExtractListener listener, HostFileSystem host) {
    this.image = image;
    this.options = options;
    this.listener = listener;
    this.host = host;
  }

  /**
   * Extracts the entry at {@code imagePath} ("/" for everything) and what is below it into {@code
   * dest}, keeping its path: {@code /usr/bin} lands in {@code dest/usr/bin}.
   */
  public ExtractResult extract(String imagePath, Path dest) throws IOException {
    Path root = dest.toAbsolutePath().normalize();
    boolean created = prepareDestination(root);
    try {
      return new Run(root).execute(imagePath);
    } catch (IOException | RuntimeException | Error e) {
      try {
        removeOutput(root, created);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static boolean prepareDestination(Path root) throws IOException {
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.list(root)) {
        if (s.findAny().isPresent()) {
          throw new FileAlreadyExistsException(root.toString(), null, "destination is not empty");
        }
      }
      return false;
    }
    Files.createDirectory(root);
    return true;
  }

  private static void removeOutput(Path root, boolean removeRoot) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = new ArrayList<>(s.toList());
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Path p = all.get(i);
      if (!p.equals(root) || removeRoot) {
        // A directory restored read-only must be made writable before its entries can go.
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.setAttribute(p, "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);
        }
        Files.deleteIfExists(p);
      }
    }
  }

  /** One extraction: the walk, the file workers, and what is finished after them. */
  private final class Run {
    private final Path root;
    private final ImageTree tree = ImageTree.of(image);
    private final MetadataApplier applier = new MetadataApplier(host, options, listener);
    private final List<Entry> directories = new ArrayList<>();

    /** The first path written of each inode with several names, by link key. */
    private final Map<Long, Path> firstNames = new HashMap<>();

    private final List<Path[]> links = new ArrayList<>();
    private final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytes = new AtomicLong();
    private long files;
    private long symlinks;
    private long specials;
    private final FileWorkers workers;
    private final CreationModes modes;

    Run(Path root) {
      this.root = root;
      this.workers = new FileWorkers(image, options.threads());
      this.modes = CreationModes.probe(root);
    }

    ExtractResult execute(String imagePath) throws IOException {
      ExtractListener outer = listener;
      Entry start =
          tree.lookup(imagePath)
              .orElseThrow(
                  () -> new java.nio.file.NoSuchFileException(imagePath, null, "not in the image"));
      try (workers) {
        createAncestors(start.path());
        walk(start);
        workers.awaitAll();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      for (Path[] link : links) {
        Files.createLink(link[0], link[1]);
      }
      for (int i = directories.size() - 1; i >= 0; i--) {
        Entry d = directories.get(i);
        applier.apply(target(d.path()), d.metadata());
      }
      return new ExtractResult(
          files, directories.size(), symlinks, links.size(), specials, bytes.get(), warnings);
    }

    private void createAncestors(String path) throws IOException {
      String at = "";
      String[] parts = path.split("/");
      for (int i = 1; i < parts.length - 1; i++) {
        at = at + "/" + parts[i];
        Entry e = tree.lookup(at).orElseThrow();
        Files.createDirectory(target(at));
        directories.add(e);
      }
    }

    private void walk(Entry entry) throws IOException {
      Path out = target(entry.path());
      Metadata m = entry.metadata();
      if (entry.isDirectory()) {
        if (!entry.path().equals("/")) {
          Files.createDirectory(out);
        }
        directories.add(entry);
        for (Entry child : tree.children(entry)) {
          workers.rethrowFailure();
          walk(child);
        }
        return;
      }
      // Only an inode with more than one name can be met again: the map stays small and out of
      // the collector's way (a name for every file of a big image was most of what it copied).
      Path first = m.nlink() > 1 ? firstNames.putIfAbsent(m.linkKey(), out) : null;
      if (first != null) {
        links.add(new Path[] {out, first});
        return;
      }
      switch (m.type()) {
        case FILE -> {
          files++;
          FileInode inode = (FileInode) image.inode(m.linkKey());
          var layout = image.layout(inode);
          var mode = modes.attributeFor(m.permissions());
          if (layout.blockCount() > ChunkedFile.CHUNK_BLOCKS) {
            new ChunkedFile(
                    entry.path(),
                    layout,
                    out,
                    mode,
                    (n) -> {
                      bytes.addAndGet(n);
                      listener.bytesWritten(n);
                    },
                    () -> applier.apply(out, m, mode != null))
                .submitTo(workers);
          } else {
            // Created here, on the walking thread, one after the other as unsquashfs does:
            // workers creating files in one directory at once contend for its lock (on ext4
            // that showed as system time well above unsquashfs's).
            FileChannel channel = FileContentWriter.create(out, mode);
            try {
              workers.submit(
                  entry.path(),
                  new FileWorkers.Task() {
                    @Override
                    public void run(FileContentWriter writer) throws IOException {
                      long n;
                      try (FileChannel ch = channel) {
                        n = writer.write(layout, ch);
                      }
                      bytes.addAndGet(n);
                      listener.bytesWritten(n);
                      applier.apply(out, m, mode != null);
                    }

                    @Override
                    public void skipped() {
                      closeQuietly(channel);
                    }
                  });
            } catch (IOException | RuntimeException e) {
              closeQuietly(channel);
              throw e;
            }
          }
        }
        case SYMLINK -> {
          symlinks++;
          if (!host.symlink(out, m.symlinkTarget())) {
            warn(
                entry.path()
                    + ": symlink target changed to "
                    + Files.readSymbolicLink(out)
                    + " ("
                    + host.limitation().orElse("")
                    + ")");
          }
          applyLater(entry.path(), out, m);
        }
        case BLOCK_DEVICE, CHAR_DEVICE -> {
          if (!options.devices()) {
            warn(entry.path() + ": device node not created (needs root)");
            return;
          }
          specials++;
          host.mknod(out, m.type(), m.permissions(), m.rdevMajor(), m.rdevMinor());
          applyLater(entry.path(), out, m);
        }
        case FIFO, SOCKET -> {
          specials++;
          host.mknod(out, m.type(), m.permissions(), 0, 0);
          applyLater(entry.path(), out, m);
        }
        case DIRECTORY -> throw new IllegalStateException();
      }
    }

    /**
     * Restores a new symlink's or special file's metadata on a worker: its creation stays on the
     * walking thread, but a directory of thousands of symlinks would otherwise leave the workers
     * idle while the walker makes two more calls per entry.
     */
    private void applyLater(String entryPath, Path out, Metadata m) throws IOException {
      workers.submit(entryPath, writer -> applier.apply(out, m));
    }

    private static void closeQuietly(FileChannel channel) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the extraction failed already and its output is being removed
      }
    }

    private void warn(String message) {
      warnings.add(message);
      listener.warning(message);
    }

    /** The output path of an image path, checked to stay inside the destination. */
    private Path target(String imagePath) throws SquashfsFormatException {
      Path p = imagePath.equals("/") ? root : Names.hostPath(root, imagePath.substring(1));
      if (!p.normalize().startsWith(root)) {
        throw new SquashfsFormatException("entry " + imagePath + " would land outside " + root);
      }
      return p;
    }
  }
}
