package io.github.squashtree.core.internal.nio;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.SortedMap;

/**
 * What a squashfs file system reads its tree from: an image ({@link ImageStore}) or, in create
 * mode, the tree being built ({@link TreeStore}). Lookups by name only; paths, symlinks and ".."
 * are the {@link Resolver}'s business.
 */
interface Store extends Closeable {
  Node root() throws IOException;

  /** The entry called {@code name} (bytes) in a directory, or null. */
  Node child(Node directory, byte[] name) throws IOException;

  /** The names in a directory, in the order a listing gives them (by bytes). */
  List<byte[]> names(Node directory) throws IOException;

  /** A symlink's target bytes. */
  byte[] target(Node symlink) throws IOException;

  NodeAttributes attributes(Node node) throws IOException;

  /** Every extended attribute of a node, by full name ({@code Names} form), sorted. */
  SortedMap<String, byte[]> xattrs(Node node) throws IOException;

  /** A reader of a regular file's content. */
  Content content(Node file) throws IOException;

  /**
   * Whether a node's extended attributes can be listed. On an image that holds no extended
   * attributes at all the kernel refuses (EOPNOTSUPP) for directories, symlinks and extended
   * inodes, and the {@code user} view does the same.
   */
  boolean xattrsListable(Node node);

  /** Whether the tree never changes (so lookups may be cached). */
  boolean immutable();

  /** Bytes the file store reports as its size, and its block size. */
  long totalSpace();

  int blockSize();

  /** Positional reads of one file's content. */
  interface Content extends Closeable {
    long size() throws IOException;

    /** Up to {@code len} bytes at {@code position}; -1 at or past the end. */
    int read(long position, byte[] dst, int off, int len) throws IOException;

    @Override
    default void close() throws IOException {}
  }
}
