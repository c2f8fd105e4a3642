package io.github.squashtree.core.internal.nio;

import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.StoredFile;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.StoredContent;
import io.github.squashtree.core.tree.TimePrecision;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tree of a file system in create mode as the writer reads it: entries in name-byte order, link
 * keys that are the nodes' inode numbers (so hard links stay links), content from the spool, or for
 * files kept from the image being updated, its stored blocks.
 */
final class MemTree implements Tree {
  private final MemNode root;
  private final ImageReader base;
  private final Map<Long, MemNode> byIno = new HashMap<>();

  MemTree(MemNode root, ImageReader base) {
    this.root = root;
    this.base = base;
    byIno.put(root.ino(), root);
  }

  private Entry entry(String path, MemNode n) {
    byIno.putIfAbsent(n.ino(), n);
    return new Entry(
        path,
        new Metadata(
            n.type(),
            n.permissions(),
            n.uid(),
            n.gid(),
            Instant.ofEpochSecond(n.mtime()),
            n.size(),
            n.type() == EntryType.SYMLINK ? Names.decode(n.target) : null,
            n.major,
            n.minor,
            n.xattrs(),
            n.nlink(),
            n.ino()));
  }

  private MemNode node(Entry e) {
    MemNode n = byIno.get(e.metadata().linkKey());
    if (n == null) {
      throw new IllegalArgumentException("not an entry of this tree: " + e.path());
    }
    return n;
  }

  @Override
  public Entry root() {
    return entry("/", root);
  }

  @Override
  public List<Entry> children(Entry directory) {
    MemNode dir = node(directory);
    if (!dir.isDirectory()) {
      throw new IllegalArgumentException(directory.path() + " is not a directory");
    }
    List<Entry> out = new ArrayList<>(dir.children.size());
    dir.children.forEach(
        (name, child) -> out.add(entry(directory.childPath(Names.decode(name)), child)));
    return out;
  }

  @Override
  public Optional<Entry> lookup(String path) {
    MemNode n = root;
    Entry e = root();
    for (byte[] name : Resolver.split(Names.encode(path))) {
      if (n.children == null || (n = n.children.get(name)) == null) {
        return Optional.empty();
      }
      e = entry(e.childPath(Names.decode(name)), n);
    }
    return Optional.of(e);
  }

  @Override
  public InputStream open(Entry file) throws IOException {
    MemNode n = node(file);
    if (n.spool != null) {
      return n.spool.open();
    }
    if (n.stored != null) {
      return base.openFile(n.stored.inode());
    }
    return InputStream.nullInputStream();
  }

  @Override
  public Optional<StoredContent> storedContent(Entry file) {
    MemNode n = node(file);
    return n.spool == null && n.stored != null
        ? Optional.of(new StoredFile(base, n.stored))
        : Optional.empty();
  }

  @Override
  public TimePrecision precision() {
    return TimePrecision.SECONDS;
  }

  @Override
  public void close() {}
}
