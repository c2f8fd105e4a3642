package io.github.squashtree.core.internal.extract;

import io.github.squashtree.core.internal.read.FileLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * A large file extracted by several workers at once: its blocks are split into chunks written at
 * their offsets through one shared channel, so a single big file does not leave cores idle. The
 * worker that finishes the last chunk writes the tail, closes the file and restores its metadata.
 */
final class ChunkedFile {
  /** Blocks per task: large enough to amortise a task, small enough to spread one file. */
  static final int CHUNK_BLOCKS = 8;

  /** Work that may fail, run once when the content is complete. */
  interface Completion {
    void run() throws IOException;
  }

  private final String entryPath;
  private final FileLayout layout;
  private final Path path;
  private final FileAttribute<?> mode;
  private final LongConsumer written;
  private final Completion completion;
  private final AtomicInteger remaining = new AtomicInteger();
  private FileChannel channel;

  ChunkedFile(
      String entryPath,
      FileLayout layout,
      Path path,
      FileAttribute<?> mode,
      LongConsumer written,
      Completion completion) {
    this.entryPath = entryPath;
    this.layout = layout;
    this.path = path;
    this.mode = mode;
    this.written = written;
    this.completion = completion;
  }

  /** Counts a chunk that will not complete the file; the last one out closes the channel. */
  private void release() {
    if (remaining.decrementAndGet() == 0) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the extraction failed already and its output is being removed
      }
    }
  }

  void submitTo(FileWorkers workers) throws IOException {
    channel = FileContentWriter.create(path, mode);
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
                n = writer.writeBlocks(layout, from, to, channel);
              } catch (IOException | RuntimeException | Error e) {
                release();
                throw e;
              }
              written.accept(n);
              if (remaining.decrementAndGet() == 0) {
                try {
                  written.accept(writer.finish(layout, channel));
                } finally {
                  channel.close();
                }
                completion.run();
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
