package io.github.squashtree.cli;

import io.github.squashtree.core.internal.format.Inode;
import java.io.IOException;

/** One name or path per line, its bytes as stored or escaped. */
final class NameEntryPrinter implements EntryPrinter {
  private final LineWriter w;
  private final LsEscapes.NameWriter names;

  NameEntryPrinter(LineWriter w, LsEscapes.NameWriter names) {
    this.w = w;
    this.names = names;
  }

  @Override
  public void print(byte[] path, int from, Inode inode) throws IOException {
    names.write(w, path, from);
    w.ch('\n');
  }
}
