package io.github.squashtree.cli;

import io.github.squashtree.overlay.Change;
import java.io.IOException;

/** Prints changes, one format per implementation. */
interface ChangePrinter {
  void print(Change c) throws IOException;

  /** Formats of {@code sqfs diff} and {@code sqfs sync}. */
  enum Format {
    itemize,
    json,
    paths
  }

  static ChangePrinter of(Format format, LineWriter w, boolean nul, boolean checksum) {
    return switch (format) {
      case itemize -> new ItemizePrinter(w, checksum);
      case json -> new JsonChangePrinter(w);
      case paths -> c -> w.utf8(c.relativePath()).ch(nul ? '\0' : '\n');
    };
  }
}
