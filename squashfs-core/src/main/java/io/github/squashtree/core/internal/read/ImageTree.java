package io.github.squashtree.core.internal.read;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SquashFS image as a {@link Tree}: whole-second mtimes, hard links identified by inode.
 *
 * <p>Each directory inode may be reached by one path only; a second path to it (a directory that
 * contains its ancestor, or a hard-linked directory) is reported as corrupt instead of being walked
 * forever. An entry's {@link Metadata#linkKey()} is its inode reference.
 */
public final class ImageTree implements Tree {
  private final ImageReader image;
  private final boolean ownsImage;
  private final ConcurrentHashMap<Long, String> directoryPaths = new ConcurrentHashMap<>();

  private ImageTree(ImageReader image, boolean ownsImage) {
    this.image = image;
    this.ownsImage = ownsImage;
  }

  /** A tree over an image the caller keeps open and closes. */
  public static ImageTree of(ImageReader image) {
    return new ImageTree(image, false);
  }

  /** Opens the image in a file; closing the tree closes it. */
  public static ImageTree open(Path file) throws IOException {
    return new ImageTree(ImageReader.open(file), true);
  }

  public ImageReader image() {
    return image;
  }

  @Override
  public Entry root() throws IOException {
    long ref = image.superblock().rootInodeRef();
    directoryPaths.putIfAbsent(ref, "/");
    return new Entry("/", metadata(image.root(), ref));
  }

  @Override
  public List<Entry> children(Entry directory) throws IOException {
    Inode inode = image.inode(directory.metadata().linkKey());
    if (!(inode instanceof DirectoryInode dir)) {
      throw new IllegalArgumentException(directory.path() + " is not a directory");
    }
    List<ListingEntry> listing = image.list(dir);
    List<Entry> out = new ArrayList<>(listing.size());
    for (ListingEntry e : listing) {
      String path = directory.childPath(e.name());
      Inode child = image.inode(e);
      if (child instanceof DirectoryInode) {
        claimDirectory(e.inodeRef(), path);
      }
      out.add(new Entry(path, metadata(child, e.inodeRef())));
    }
    return out;
  }

  private void claimDirectory(long ref, String path) throws SquashfsFormatException {
    String previous = directoryPaths.putIfAbsent(ref, path);
    if (previous != null && !previous.equals(path)) {
      throw new SquashfsFormatException(
          "directory inode reached twice, as "
              + previous
              + " and as "
              + path
              + " (a directory loop or a hard-linked directory)");
    }
  }

  @Override
  public Optional<Entry> lookup(String path) throws IOException {
    Entry current = root();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!current.isDirectory()) {
        return Optional.empty();
      }
      DirectoryInode dir = (DirectoryInode) image.inode(current.metadata().linkKey());
      Optional<ListingEntry> next = image.find(dir, part);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      String childPath = current.childPath(part);
      Inode child = image.inode(next.get());
      if (child instanceof DirectoryInode) {
        claimDirectory(next.get().inodeRef(), childPath);
      }
      current = new Entry(childPath, metadata(child, next.get().inodeRef()));
    }
    return Optional.of(current);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    return image.openFile(fileInode(file));
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) throws IOException {
    return Optional.of(new StoredFile(image, image.layout(fileInode(file))));
  }

  private FileInode fileInode(Entry file) throws IOException {
    Inode inode = image.inode(file.metadata().linkKey());
    if (!(inode instanceof FileInode f)) {
      throw new IllegalArgumentException(file.path() + " is not a regular file");
    }
    return f;
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.SECONDS;
  }

  /** The metadata of an inode as a tree sees it. */
  public Metadata metadata(Inode inode, long ref) throws IOException {
    String target = null;
    long size = 0;
    int major = 0;
    int minor = 0;
    if (inode instanceof FileInode f) {
      size = f.fileSize();
    } else if (inode instanceof SymlinkInode s) {
      target = image.readlink(s);
      size = s.target().length;
    } else if (inode instanceof DeviceInode d) {
      major = d.major();
      minor = d.minor();
    }
    return new Metadata(
        inode.entryType(),
        inode.header().permissions(),
        image.uid(inode),
        image.gid(inode),
        Instant.ofEpochSecond(inode.header().mtime()),
        size,
        target,
        major,
        minor,
        image.xattrs(inode),
        inode.nlink(),
        ref);
  }

  @Override
  public void close() throws IOException {
    if (ownsImage) {
      image.close();
    }
  }
}
