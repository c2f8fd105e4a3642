package io.github.squashtree.core.internal.nio;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * The one store of a squashfs file system. Sizes are what {@code statfs} gives for the mounted
 * image: the bytes the image uses in whole blocks, nothing free; the block size is the image's.
 */
final class SquashfsFileStore extends FileStore {
  private final SquashfsFileSystem fs;
  private final Store store;

  SquashfsFileStore(SquashfsFileSystem fs, Store store) {
    this.fs = fs;
    this.store = store;
  }

  @Override
  public String name() {
    return String.valueOf(fs.image().getFileName());
  }

  @Override
  public String type() {
    return "squashfs";
  }

  @Override
  public boolean isReadOnly() {
    return fs.isReadOnly();
  }

  @Override
  public long getTotalSpace() throws IOException {
    fs.ensureOpen();
    return store.totalSpace();
  }

  @Override
  public long getUsableSpace() throws IOException {
    fs.ensureOpen();
    return 0;
  }

  @Override
  public long getUnallocatedSpace() throws IOException {
    fs.ensureOpen();
    return 0;
  }

  @Override
  public long getBlockSize() throws IOException {
    fs.ensureOpen();
    return store.blockSize();
  }

  @Override
  public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
    return type == BasicFileAttributeView.class
        || type == PosixFileAttributeView.class
        || type == FileOwnerAttributeView.class
        || type == UserDefinedFileAttributeView.class;
  }

  @Override
  public boolean supportsFileAttributeView(String name) {
    return SquashfsFileSystem.VIEWS.contains(name);
  }

  @Override
  public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
    return null;
  }

  @Override
  public Object getAttribute(String attribute) throws IOException {
    return switch (attribute) {
      case "totalSpace" -> getTotalSpace();
      case "usableSpace" -> getUsableSpace();
      case "unallocatedSpace" -> getUnallocatedSpace();
      case "blockSize" -> getBlockSize();
      default -> throw new UnsupportedOperationException("'" + attribute + "' not recognized");
    };
  }

  @Override
  public String toString() {
    return fs.image() + " (squashfs)";
  }
}
