package io.github.squashtree.cli;

import io.github.squashtree.core.format.Inode;
import java.io.IOException;

/** One name or path per line, its bytes as stored. */
final class NameEntryPrinter implements EntryPrinter {
  private final LineWriter w;

  NameEntryPrinter(LineWriter w) {
    this.w = w;
  }

  @Override
  public void print(byte[] path, int from, Inode inode) throws IOException {
    w.bytes(path, from, path.length - from).ch('\n');
  }
}
