package io.github.squashtree.cli;

import io.github.squashtree.core.internal.format.Inode;
import java.io.IOException;

/** Prints one entry of a listing. */
interface EntryPrinter {
  /**
   * @param path the entry's absolute path as raw bytes
   * @param from where in {@code path} the text to print starts (after the parent, for bare names)
   */
  void print(byte[] path, int from, Inode inode) throws IOException;
}
