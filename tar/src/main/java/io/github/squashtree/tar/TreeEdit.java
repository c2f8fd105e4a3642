package io.github.squashtree.tar;

import io.github.squashtree.core.tree.PathFilter;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;

/**
 * What an import changes of an archive's tree before the image is written: a {@link PathFilter} (a
 * file it drops is never compressed), then any view over the result (pseudo definitions, owners,
 * the root's mode).
 */
public interface TreeEdit {
  /** Whether the file at {@code path} ("/a/b") is kept: only then is its content compressed. */
  boolean keeps(String path);

  /** The tree to write: {@code tree}, read from the archive, as this edit changes it. */
  Tree apply(Tree tree) throws IOException;

  /** Changes nothing. */
  TreeEdit NONE =
      new TreeEdit() {
        @Override
        public boolean keeps(String path) {
          return true;
        }

        @Override
        public Tree apply(Tree tree) {
          return tree;
        }
      };

  /** A view over a tree (it may fail with an I/O error). */
  @FunctionalInterface
  interface View {
    Tree apply(Tree tree) throws IOException;
  }

  /**
   * {@code filter}'s entries (a file is kept when it and its directories are admitted), then {@code
   * view} over them (which may apply {@code filter} again: it drops nothing more).
   */
  static TreeEdit of(PathFilter filter, View view) {
    return new TreeEdit() {
      @Override
      public boolean keeps(String path) {
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
          if (!filter.admits(path.substring(0, slash), true)) {
            return false;
          }
        }
        return filter.admits(path, false);
      }

      @Override
      public Tree apply(Tree tree) throws IOException {
        return view.apply(filter.apply(tree));
      }
    };
  }
}
