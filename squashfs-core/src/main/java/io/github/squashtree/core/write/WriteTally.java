package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what a write does from the events it reports, and passes each event on to the caller's
 * listener: the {@link WriteResult} is these counts, so the result and the listener cannot tell two
 * stories.
 */
final class WriteTally implements WriteListener {
  private final WriteListener next;
  private long sourceBytes;
  private long files;
  private long directories;
  private long symlinks;
  private long specialFiles;
  private long hardLinks;
  private long duplicateFiles;
  private long fragments;
  private long dataBlocks;
  private long sparseBlocks;
  private long reusedBlocks;
  private final List<String> warnings = new ArrayList<>();

  WriteTally(WriteListener next) {
    this.next = next;
  }

  @Override
  public void entryAdded(Entry entry) {
    switch (entry.type()) {
      case FILE -> files++;
      case DIRECTORY -> directories++;
      case SYMLINK -> symlinks++;
      default -> specialFiles++;
    }
    next.entryAdded(entry);
  }

  @Override
  public void hardLinkAdded(Entry entry) {
    hardLinks++;
    next.hardLinkAdded(entry);
  }

  @Override
  public void bytesRead(long bytes) {
    sourceBytes += bytes;
    next.bytesRead(bytes);
  }

  @Override
  public void blockWritten() {
    dataBlocks++;
    next.blockWritten();
  }

  @Override
  public void blockCopied() {
    dataBlocks++;
    reusedBlocks++;
    next.blockCopied();
  }

  @Override
  public void sparseBlock() {
    sparseBlocks++;
    next.sparseBlock();
  }

  @Override
  public void fileDeduplicated(Entry file) {
    duplicateFiles++;
    next.fileDeduplicated(file);
  }

  @Override
  public void fragmentWritten() {
    fragments++;
    next.fragmentWritten();
  }

  @Override
  public void warning(String message) {
    warnings.add(message);
    next.warning(message);
  }

  /** The result of a write with these counts and the facts only the tables know. */
  WriteResult result(long imageBytes, int ids, long xattrSets) {
    return new WriteResult(
        imageBytes,
        sourceBytes,
        files,
        directories,
        symlinks,
        specialFiles,
        hardLinks,
        duplicateFiles,
        fragments,
        dataBlocks,
        sparseBlocks,
        ids,
        xattrSets,
        reusedBlocks,
        warnings);
  }
}
