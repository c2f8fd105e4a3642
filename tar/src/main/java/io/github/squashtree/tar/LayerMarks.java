package io.github.squashtree.tar;

import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.Metadata;
import io.github.squashtree.overlay.OverlayNamespace;
import io.github.squashtree.overlay.WhiteoutStyle;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an {@link ArchiveTree} shows whiteouts and opaque directories: as overlayfs reads them in a
 * layer ({@link #layer}: 0/0 character devices or xattr whiteouts, {@code overlay.opaque}), or not
 * at all ({@link #FLAT}, the merged view of a stack). Whiteouts get mode 0 and their directory's
 * time, as {@code sqfs layer} writes them: the kernel hides them, and the layer stays reproducible.
 */
final class LayerMarks {
  private static final byte[] YES = {'y'};
  private static final byte[] XWHITEOUTS = {'x'};

  private LayerMarks() {}

  /** The merged view: whiteouts only hide, directories show as they are. */
  static final ArchiveTree.View FLAT =
      new ArchiveTree.View() {
        @Override
        public boolean showsWhiteouts() {
          return false;
        }

        @Override
        public Metadata whiteout(Metadata parent) {
          throw new AssertionError("a flat view shows no whiteouts");
        }

        @Override
        public Metadata directory(Metadata m, boolean opaque, boolean holdsWhiteouts) {
          return m;
        }
      };

  /** A layer for overlayfs: whiteouts of {@code style}, marks in {@code namespace}. */
  static ArchiveTree.View layer(WhiteoutStyle style, OverlayNamespace namespace) {
    return new ArchiveTree.View() {
      @Override
      public boolean showsWhiteouts() {
        return true;
      }

      @Override
      public Metadata whiteout(Metadata parent) {
        if (style == WhiteoutStyle.XATTR) {
          Map<String, byte[]> marks = new TreeMap<>();
          marks.put(OverlayNamespace.TRUSTED.prefix() + "whiteout", new byte[0]);
          marks.put(OverlayNamespace.USER.prefix() + "whiteout", new byte[0]);
          return ArchiveTree.metadata(
              EntryType.FILE, 0, 0, 0, parent.mtime(), 0, null, 0, 0, marks, 0);
        }
        return ArchiveTree.metadata(
            EntryType.CHAR_DEVICE, 0, 0, 0, parent.mtime(), 0, null, 0, 0, Map.of(), 0);
      }

      @Override
      public Metadata directory(Metadata m, boolean opaque, boolean holdsWhiteouts) {
        byte[] mark =
            opaque ? YES : holdsWhiteouts && style == WhiteoutStyle.XATTR ? XWHITEOUTS : null;
        if (mark == null) {
          return m;
        }
        TreeMap<String, byte[]> x = new TreeMap<>(m.xattrs());
        x.put(namespace.prefix() + "opaque", mark);
        return m.withXattrs(x);
      }
    };
  }
}
