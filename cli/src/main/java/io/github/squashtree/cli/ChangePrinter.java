package io.github.squashtree.cli;

import io.github.squashtree.overlay.Change;
import java.io.IOException;
import java.util.List;

/** Prints changes, one format per implementation. */
interface ChangePrinter {
  void print(Change c) throws IOException;

  /** Formats of {@code sqfs diff} and {@code sqfs sync}. */
  enum Format {
    itemize,
    json,
    paths
  }

  /**
   * The printer of {@code format}; {@code nul} ({@code -0}) is for {@code paths} only, and {@code
   * terminal} says whether {@code w} goes to one.
   *
   * @throws Main.UsageException for {@code -0} with another format
   */
  static ChangePrinter of(
      Format format, LineWriter w, boolean nul, boolean checksum, boolean terminal)
      throws Main.UsageException {
    if (nul && format != Format.paths) {
      throw new Main.UsageException("-0 is for --format paths only, not " + format);
    }
    return switch (format) {
      case itemize -> new ItemizePrinter(w, checksum);
      case json -> new JsonChangePrinter(w);
      case paths -> new PathsPrinter(w, nul, terminal);
    };
  }

  /**
   * Refuses, before anything is printed or changed, a plan this printer cannot print faithfully
   * (only {@link PathsPrinter} has such limits).
   */
  default void check(List<Change> plan) throws IOException {}
}
