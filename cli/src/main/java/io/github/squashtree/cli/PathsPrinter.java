package io.github.squashtree.cli;

import io.github.squashtree.overlay.Change;
import java.io.IOException;
import java.util.List;

/**
 * Changed paths as {@code rsync --files-from} reads them, one a line or, with {@code -0}, NUL
 * terminated. rsync splits lines at '\n' and at '\r', and skips a line that starts with '#' or ';'
 * as a comment (with {@code --from0} too); so a top-level name that starts with either is written
 * {@code ./#name}, which rsync and every other reader take for the same file, and a name holding
 * '\n' or '\r' cannot be listed one a line at all: {@link #check} refuses it, before anything is
 * printed or changed, suggesting {@code -0}. To a terminal, names are escaped as in itemized output
 * ({@link RsyncEscapes}): for a person to read, not for a program.
 */
final class PathsPrinter implements ChangePrinter {
  private final LineWriter w;
  private final boolean nul;
  private final boolean terminal;

  PathsPrinter(LineWriter w, boolean nul, boolean terminal) {
    this.w = w;
    this.nul = nul;
    this.terminal = terminal;
  }

  /** Refuses, naming it, the first path of {@code changes} this output cannot carry faithfully. */
  @Override
  public void check(List<Change> changes) throws IOException {
    if (nul || terminal) {
      return;
    }
    for (Change c : changes) {
      String path = c.relativePath();
      if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
        throw new IOException(
            path
                + ": a name holding a newline or carriage return cannot be listed one a line"
                + " (rsync --files-from splits at both); use -0 (and rsync --from0)");
      }
    }
  }

  @Override
  public void print(Change c) throws IOException {
    String path = c.relativePath();
    if (path.startsWith("#") || path.startsWith(";")) {
      w.ascii("./");
    }
    if (terminal) {
      RsyncEscapes.write(w, path);
    } else {
      w.utf8(path);
    }
    w.ch(nul ? '\0' : '\n');
  }
}
