package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.internal.host.HostFile;
import io.github.squashtree.core.internal.read.FileLayout;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * A large file extracted by several workers at once: its blocks are split into chunks written at
 * their offsets into the one open file, so a single big file does not leave cores idle. The worker
 * that finishes the last chunk writes the tail, restores the file's metadata and closes it.
 */
final class ChunkedFile {
  /** Blocks per task: large enough to amortise a task, small enough to spread one file. */
  static final int CHUNK_BLOCKS = 8;

  /** Work that may fail, run once when the content is complete, before the file is closed. */
  interface Completion {
    void run() throws IOException;
  }

  private final String entryPath;
  private final FileLayout layout;
  private final HostFile file;
  private final LongConsumer written;
  private final Completion completion;
  private final AtomicInteger remaining = new AtomicInteger();

  ChunkedFile(
      String entryPath,
      FileLayout layout,
      HostFile file,
      LongConsumer written,
      Completion completion) {
    this.entryPath = entryPath;
    this.layout = layout;
    this.file = file;
    this.written = written;
    this.completion = completion;
  }

  /** Counts a chunk that will not complete the file; the last one out closes it. */
  private void release() {
    if (remaining.decrementAndGet() == 0) {
      try {
        file.close();
      } catch (IOException ignored) {
        // the extraction failed already and its output is being removed
      }
    }
  }

  void submitTo(FileWorkers workers) throws IOException {
    int blocks = layout.blockCount();
    int chunks = (blocks + CHUNK_BLOCKS - 1) / CHUNK_BLOCKS;
    remaining.set(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = c * CHUNK_BLOCKS;
      int to = Math.min(blocks, from + CHUNK_BLOCKS);
      workers.submit(
          entryPath,
          new FileWorkers.Task() {
            @Override
            public void run(FileContentWriter writer) throws IOException {
              long n;
              try {
                n = writer.writeBlocks(layout, from, to, file);
              } catch (IOException | RuntimeException | Error e) {
                release();
                throw e;
              }
              written.accept(n);
              if (remaining.decrementAndGet() == 0) {
                try {
                  written.accept(writer.finish(layout, file));
                  completion.run();
                } finally {
                  file.close();
                }
              }
            }

            @Override
            public void skipped() {
              release();
            }
          });
    }
  }
}
