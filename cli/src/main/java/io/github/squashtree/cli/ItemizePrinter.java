package io.github.squashtree.cli;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.overlay.Change;
import io.github.squashtree.overlay.ChangeField;
import io.github.squashtree.overlay.ChangeKind;
import java.io.IOException;

/**
 * Changes as {@code rsync -i} itemizes them: {@code YXcstpoguax name}. Y is {@code >} for a file
 * whose content is written, {@code c} for another object created or changed, {@code h} for a hard
 * link (or a change of hard-link structure, which rsync has no letter for), {@code .} for metadata
 * only; X is the type ({@code f d L D S}). A new entry shows {@code +++++++++}; a removed one is
 * {@code *deleting}; a replaced one is both lines. {@code c} in the third column means a differing
 * checksum (files, with {@code --checksum}) or value (symlink target, device number); {@code u} and
 * {@code a} are never set. Names and symlink targets are escaped as rsync escapes them ({@link
 * RsyncEscapes}).
 */
final class ItemizePrinter implements ChangePrinter {
  private final LineWriter w;
  private final boolean checksum;

  ItemizePrinter(LineWriter w, boolean checksum) {
    this.w = w;
    this.checksum = checksum;
  }

  @Override
  public void print(Change c) throws IOException {
    if (c.kind() == ChangeKind.DELETE || c.kind() == ChangeKind.REPLACE) {
      w.ascii("*deleting   ");
      name(c.relativePath(), c.before());
      w.ch('\n');
    }
    if (c.kind() == ChangeKind.DELETE) {
      return;
    }
    Entry e = c.after();
    boolean fresh = c.kind() == ChangeKind.ADD || c.kind() == ChangeKind.REPLACE;
    w.ch(updateChar(c, e)).ch(typeChar(e));
    if (fresh) {
      w.ascii("+++++++++");
    } else {
      w.ch(
              flag(
                  c.has(ChangeField.TARGET)
                      || c.has(ChangeField.RDEV)
                      || (checksum && c.has(ChangeField.CONTENT)),
                  'c'))
          .ch(flag(c.has(ChangeField.SIZE), 's'))
          .ch(flag(c.has(ChangeField.MTIME), 't'))
          .ch(flag(c.has(ChangeField.MODE), 'p'))
          .ch(flag(c.has(ChangeField.OWNER), 'o'))
          .ch(flag(c.has(ChangeField.GROUP), 'g'))
          .ascii("..")
          .ch(flag(c.has(ChangeField.XATTRS), 'x'));
    }
    w.ch(' ');
    name(c.relativePath(), e);
    if (e.metadata().symlinkTarget() != null) {
      w.ascii(" -> ");
      RsyncEscapes.write(w, e.metadata().symlinkTarget());
    }
    w.ch('\n');
  }

  private void name(String relative, Entry e) throws IOException {
    RsyncEscapes.write(w, relative);
    if (e.isDirectory()) {
      w.ch('/');
    }
  }

  private static char updateChar(Change c, Entry e) {
    if (c.has(ChangeField.HARD_LINKS)) {
      return 'h';
    }
    return switch (c.kind()) {
      case MODIFY -> '>';
      case ADD, REPLACE -> e.type() == io.github.squashtree.core.tree.EntryType.FILE ? '>' : 'c';
      default -> c.has(ChangeField.TARGET) || c.has(ChangeField.RDEV) ? 'c' : '.';
    };
  }

  private static char typeChar(Entry e) {
    return switch (e.type()) {
      case FILE -> 'f';
      case DIRECTORY -> 'd';
      case SYMLINK -> 'L';
      case BLOCK_DEVICE, CHAR_DEVICE -> 'D';
      case FIFO, SOCKET -> 'S';
    };
  }

  private static char flag(boolean set, char c) {
    return set ? c : '.';
  }
}
