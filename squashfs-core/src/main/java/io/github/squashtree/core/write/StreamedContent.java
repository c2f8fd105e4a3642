package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.StoredContent;

/**
 * File content already written by a {@link StreamingWrite}: a tree hands it back through {@link
 * io.github.squashtree.core.tree.Tree#storedContent} for each file that has it. {@code duplicate}
 * when it is the content of an earlier one (stored once), which the listener hears of when the tree
 * names it.
 */
record StreamedContent(StreamedFiles owner, FileData data, boolean duplicate)
    implements StoredContent {
  /** The content's length in bytes. */
  long size() {
    return data.size;
  }
}
