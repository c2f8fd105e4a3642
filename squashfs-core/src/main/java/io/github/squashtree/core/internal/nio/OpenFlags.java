package io.github.squashtree.core.internal.nio;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** The open options of a channel, checked as the default provider checks them. */
record OpenFlags(
    boolean read,
    boolean write,
    boolean append,
    boolean truncate,
    boolean create,
    boolean createNew,
    boolean deleteOnClose,
    boolean follow) {

  static OpenFlags of(Set<? extends OpenOption> options) {
    boolean read = false;
    boolean write = false;
    boolean append = false;
    boolean truncate = false;
    boolean create = false;
    boolean createNew = false;
    boolean deleteOnClose = false;
    boolean follow = true;
    for (OpenOption o : options) {
      if (o == StandardOpenOption.READ) {
        read = true;
      } else if (o == StandardOpenOption.WRITE) {
        write = true;
      } else if (o == StandardOpenOption.APPEND) {
        append = true;
      } else if (o == StandardOpenOption.TRUNCATE_EXISTING) {
        truncate = true;
      } else if (o == StandardOpenOption.CREATE) {
        create = true;
      } else if (o == StandardOpenOption.CREATE_NEW) {
        createNew = true;
      } else if (o == StandardOpenOption.DELETE_ON_CLOSE) {
        deleteOnClose = true;
      } else if (o == LinkOption.NOFOLLOW_LINKS) {
        follow = false;
      } else if (o == null) {
        throw new NullPointerException();
      } else if (!(o == StandardOpenOption.SPARSE
          || o == StandardOpenOption.SYNC
          || o == StandardOpenOption.DSYNC)) {
        throw new UnsupportedOperationException(o + " not supported");
      }
    }
    if (read && append) {
      throw new IllegalArgumentException("READ + APPEND not allowed");
    }
    if (append && truncate) {
      throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
    }
    return new OpenFlags(
        read, write || append, append, truncate, create, createNew, deleteOnClose, follow);
  }

  /** Whether the channel changes the file system: writing or deleting on close. */
  boolean writes() {
    return write || deleteOnClose;
  }
}
