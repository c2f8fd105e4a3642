package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.image.ExtractListener;
import io.github.squashtree.core.image.ExtractOptions;
import io.github.squashtree.core.image.ExtractResult;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.host.DirectoryCache;
import io.github.squashtree.core.internal.host.HandleStack;
import io.github.squashtree.core.internal.host.HostDirectory;
import io.github.squashtree.core.internal.host.HostFile;
import io.github.squashtree.core.internal.host.HostFileSystem;
import io.github.squashtree.core.internal.host.HostNode;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageTree;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Extracts an image, or a subtree of it, into a directory, as {@code unsquashfs -d} does.
 *
 * <p>Safety: the destination must be new or empty and is held open for the run; every entry is
 * created relative to its open parent directory ({@link HostDirectory}: {@code openat}/{@code
 * mkdirat}/{@code symlinkat}/{@code mknodat}, never following a symlink), names come from listings
 * the reader has checked (no "", ".", "..", "/" or NUL), and metadata is set on the open object.
 * The directories are made 0700 and get their own owner and mode only at the end, children first,
 * so while the run writes into them nobody else can. So another user who can write into the
 * destination and swaps a directory for a symlink mid-run makes a step fail; nothing is written
 * through it. If extraction fails, everything it wrote is removed again, just as carefully.
 *
 * <p>The walk keeps its own stack: an image far deeper than a path can name extracts (see {@link
 * HandleStack}) or fails with an I/O error, never a stack overflow.
 */
public final class Extractor {
  private final ImageReader image;
  private final ExtractOptions options;
  private final ExtractListener listener;
  private final HostFileSystem host;
  private volatile boolean cancelled;
  private volatile Run running;

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
    try (Destination destination = Destination.prepare(host, root)) {
      try {
        Run run = new Run(destination.root());
        running = run;
        if (cancelled) {
          throw stopped();
        }
        return run.execute(imagePath);
      } catch (IOException | RuntimeException | Error e) {
        try {
          destination.removeOutput();
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }
  }

  /**
   * Stops an extraction under way, from another thread (a shutdown hook, on a signal): it fails at
   * its next step and removes what it wrote, as any failed extraction does; {@link #extract} then
   * throws an {@link InterruptedIOException}. Returns at once; an extraction not begun yet fails
   * when it begins.
   */
  public void cancel() {
    cancelled = true;
    Run run = running;
    if (run != null) {
      run.workers.cancel(stopped());
    }
  }

  private static InterruptedIOException stopped() {
    return new InterruptedIOException("the extraction was stopped");
  }

  /** One extraction: the walk, the file workers, and what is finished after them. */
  private final class Run {
    private final HostDirectory root;
    private final ImageTree tree = ImageTree.of(image);
    private final MetadataApplier applier = new MetadataApplier(host, options, listener);

    /** Every directory made (or, for "/", restored), parents before children. */
    private final List<Entry> directories = new ArrayList<>();

    /** The first path written of each inode with several names, by link key. */
    private final Map<Long, String> firstNames = new HashMap<>();

    /** Hard links to make once every file exists: {new name, first name}. */
    private final List<String[]> links = new ArrayList<>();

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytes = new AtomicLong();
    private long files;
    private long symlinks;
    private long specials;
    private final FileWorkers workers;
    private final CreationModes modes;

    Run(HostDirectory root) {
      this.root = root;
      this.workers = new FileWorkers(image, options.threads());
      this.modes = CreationModes.probe(root);
    }

    ExtractResult execute(String imagePath) throws IOException {
      Entry start =
          tree.lookup(imagePath)
              .orElseThrow(() -> new NoSuchFileException(imagePath, null, "not in the image"));
      try (workers;
          HandleStack stack = new HandleStack(root)) {
        createAncestors(start.path(), stack);
        walk(start, stack);
        workers.awaitAll();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      makeLinks();
      restoreDirectories();
      if (cancelled) {
        throw stopped(); // stopped at the last moment: still a failed extraction
      }
      return new ExtractResult(
          files, directories.size(), symlinks, links.size(), specials, bytes.get(), warnings);
    }

    private void createAncestors(String path, HandleStack stack) throws IOException {
      String at = "";
      String[] parts = path.split("/");
      for (int i = 1; i < parts.length - 1; i++) {
        at = at + "/" + parts[i];
        Entry e = tree.lookup(at).orElseThrow();
        stack.push(stack.top().makeDirectory(e.name(), 0700));
        directories.add(e);
      }
    }

    /** Creates {@code start} and everything below it, depth first, with a stack of its own. */
    private void walk(Entry start, HandleStack stack) throws IOException {
      if (!start.isDirectory()) {
        create(stack.top(), start);
        return;
      }
      int base = stack.depth();
      if (!start.path().equals("/")) {
        // 0700 until restoreDirectories: nobody else can write in it while the run does.
        stack.push(stack.top().makeDirectory(start.name(), 0700));
      }
      directories.add(start);
      Deque<Iterator<Entry>> pending = new ArrayDeque<>();
      pending.push(tree.children(start).iterator());
      while (!pending.isEmpty()) {
        Iterator<Entry> next = pending.peek();
        if (!next.hasNext()) {
          pending.pop();
          if (stack.depth() > base) {
            stack.pop().close();
          }
          continue;
        }
        Entry child = next.next();
        workers.rethrowFailure();
        if (child.isDirectory()) {
          stack.push(stack.top().makeDirectory(child.name(), 0700));
          directories.add(child);
          pending.push(tree.children(child).iterator());
        } else {
          create(stack.top(), child);
        }
      }
    }

    /** Creates the non-directory {@code entry} in {@code dir}; its content goes to a worker. */
    private void create(HostDirectory dir, Entry entry) throws IOException {
      Metadata m = entry.metadata();
      String name = entry.name();
      // Only an inode with more than one name can be met again: the map stays small and out of
      // the collector's way (a name for every file of a big image was most of what it copied).
      String first = m.nlink() > 1 ? firstNames.putIfAbsent(m.linkKey(), entry.path()) : null;
      if (first != null) {
        links.add(new String[] {entry.path(), first});
        return;
      }
      switch (m.type()) {
        case FILE -> {
          files++;
          FileInode inode = (FileInode) image.inode(m.linkKey());
          var layout = image.layout(inode);
          boolean modeSet = modes.keeps(m.permissions());
          // Created here, on the walking thread, one after the other as unsquashfs does:
          // workers creating files in one directory at once contend for its lock (on ext4
          // that showed as system time well above unsquashfs's).
          HostFile file = dir.createFile(name, modeSet ? m.permissions() : 0600);
          if (layout.blockCount() > ChunkedFile.CHUNK_BLOCKS) {
            new ChunkedFile(
                    entry.path(),
                    layout,
                    file,
                    (n) -> {
                      bytes.addAndGet(n);
                      listener.bytesWritten(n);
                    },
                    () -> applier.apply(file, m, modeSet))
                .submitTo(workers);
          } else {
            // An empty file is finished here: handing it to a worker (a queue operation, often a
            // wake-up) cost more than its three calls (100,000 empty files: 1.70 -> 1.12 s CPU).
            submitFile(entry.path(), file, layout, m, modeSet, layout.fileSize() == 0);
          }
        }
        case SYMLINK -> {
          symlinks++;
          if (!dir.symlink(name, m.symlinkTarget())) {
            Path out = Names.hostPath(dir.path(), name);
            warn(
                entry.path()
                    + ": symlink target changed to "
                    + Files.readSymbolicLink(out)
                    + " ("
                    + host.limitation().orElse("")
                    + ")");
          }
          applyLater(entry.path(), dir.openNode(name, m.type(), 1), m);
        }
        case BLOCK_DEVICE, CHAR_DEVICE -> {
          if (!options.devices()) {
            warn(entry.path() + ": device node not created (needs root)");
            return;
          }
          specials++;
          dir.mknod(name, m.type(), m.permissions(), m.rdevMajor(), m.rdevMinor());
          applyLater(entry.path(), dir.openNode(name, m.type(), 1), m);
        }
        case FIFO, SOCKET -> {
          specials++;
          dir.mknod(name, m.type(), m.permissions(), 0, 0);
          applyLater(entry.path(), dir.openNode(name, m.type(), 1), m);
        }
        case DIRECTORY -> throw new IllegalStateException();
      }
    }

    private void submitFile(
        String entryPath,
        HostFile file,
        io.github.squashtree.core.internal.read.FileLayout layout,
        Metadata m,
        boolean modeSet,
        boolean onThisThread)
        throws IOException {
      FileWorkers.Task task =
          new FileWorkers.Task() {
            @Override
            public void run(FileContentWriter writer) throws IOException {
              try (HostFile out = file) {
                long n = writer.write(layout, out);
                bytes.addAndGet(n);
                listener.bytesWritten(n);
                applier.apply(out, m, modeSet);
              }
            }

            @Override
            public void skipped() {
              closeQuietly(file);
            }
          };
      try {
        if (onThisThread) {
          workers.runHere(entryPath, task);
        } else {
          workers.submit(entryPath, task);
        }
      } catch (IOException | RuntimeException e) {
        closeQuietly(file);
        throw e;
      }
    }

    /**
     * Restores a new symlink's or special file's metadata on a worker, through the node the walk
     * has checked is the one it made: its creation stays on the walking thread, but a directory of
     * thousands of symlinks would otherwise leave the workers idle.
     */
    private void applyLater(String entryPath, HostNode node, Metadata m) throws IOException {
      try {
        workers.submit(
            entryPath,
            new FileWorkers.Task() {
              @Override
              public void run(FileContentWriter writer) throws IOException {
                try (HostNode n = node) {
                  applier.apply(n, m);
                }
              }

              @Override
              public void skipped() {
                closeQuietly(node);
              }
            });
      } catch (IOException | RuntimeException e) {
        closeQuietly(node);
        throw e;
      }
    }

    /** Makes the hard links, each in its directory, both opened step by step from the root. */
    private void makeLinks() throws IOException {
      try (DirectoryCache to = new DirectoryCache(root);
          DirectoryCache from = new DirectoryCache(root)) {
        for (String[] link : links) {
          to.parentOf(link[0]).link(baseName(link[0]), from.parentOf(link[1]), baseName(link[1]));
        }
      }
    }

    /**
     * Gives every directory its owner, mode, xattrs and mtime, children before parents, through a
     * stack of open handles (a directory is restored as the walk leaves it).
     */
    private void restoreDirectories() throws IOException {
      Deque<Metadata> wanted = new ArrayDeque<>();
      Metadata rootWanted = null;
      try (HandleStack stack = new HandleStack(root)) {
        for (Entry d : directories) {
          if (d.path().equals("/")) {
            rootWanted = d.metadata();
            continue;
          }
          int depth = depth(d.path());
          while (stack.depth() >= depth) {
            leave(stack, wanted);
          }
          stack.push(stack.top().openDirectory(d.name()));
          wanted.push(d.metadata());
        }
        while (stack.depth() > 0) {
          leave(stack, wanted);
        }
      }
      if (rootWanted != null) {
        applier.apply(root, rootWanted);
      }
    }

    private void leave(HandleStack stack, Deque<Metadata> wanted) throws IOException {
      try (HostDirectory done = stack.pop()) {
        applier.apply(done, wanted.pop());
      }
    }

    private void warn(String message) {
      warnings.add(message);
      listener.warning(message);
    }
  }

  private static int depth(String path) {
    int n = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static void closeQuietly(HostNode node) {
    try {
      node.close();
    } catch (IOException ignored) {
      // the extraction failed already and its output is being removed
    }
  }
}
