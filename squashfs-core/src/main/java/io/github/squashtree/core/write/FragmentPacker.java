package io.github.squashtree.core.write;

import io.github.squashtree.core.internal.format.FragmentEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Packs file tails into shared fragment blocks, written through the block pipeline. */
final class FragmentPacker {
  private final BlockPipeline pipeline;
  private final int blockSize;
  private final WriteListener events;
  private final List<FragmentEntry> entries = new ArrayList<>();
  private byte[] current;
  private int fill;

  FragmentPacker(BlockPipeline pipeline, int blockSize, WriteListener events) {
    this.pipeline = pipeline;
    this.blockSize = blockSize;
    this.events = events;
  }

  /** Adds a tail; records its fragment index and offset in {@code data}. */
  void add(byte[] tail, int off, int len, FileData data) throws IOException {
    if (current != null && fill + len > blockSize) {
      flush();
    }
    if (current == null) {
      current = pipeline.buffer();
      fill = 0;
    }
    System.arraycopy(tail, off, current, fill, len);
    data.fragmentIndex = entries.size();
    data.fragmentOffset = fill;
    fill += len;
  }

  /** Writes the fragment being filled, if any. */
  void flush() throws IOException {
    if (current == null || fill == 0) {
      return;
    }
    int index = entries.size();
    entries.add(null);
    pipeline.submit(
        current, fill, (position, word) -> entries.set(index, new FragmentEntry(position, word)));
    current = null;
    fill = 0;
    events.fragmentWritten();
  }

  /** The content of fragment {@code index} if it is the one being filled, else null. */
  byte[] filling(long index) {
    return index == entries.size() ? current : null;
  }

  /** The fragment table, complete once the pipeline is drained. */
  List<FragmentEntry> entries() {
    return entries;
  }
}
