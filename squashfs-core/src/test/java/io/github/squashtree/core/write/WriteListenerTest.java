package io.github.squashtree.core.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener hears every step the result counts, on the thread that called the write: the result
 * and the listener tell one story.
 */
class WriteListenerTest {
  @TempDir Path tmp;

  /** Records every event and the threads they came from. */
  static final class Recorder implements WriteListener {
    final List<String> entries = new ArrayList<>();
    final List<String> hardLinks = new ArrayList<>();
    final List<String> duplicates = new ArrayList<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    long bytes;
    long written;
    long copied;
    long sparse;
    long fragments;
    long duplicateBytes;

    private void on() {
      threads.add(Thread.currentThread());
    }

    @Override
    public void entryAdded(Entry entry) {
      on();
      entries.add(entry.path());
    }

    @Override
    public void hardLinkAdded(Entry entry) {
      on();
      hardLinks.add(entry.path());
    }

    @Override
    public void bytesRead(long n) {
      on();
      assertTrue(n > 0, "bytesRead(" + n + ")");
      bytes += n;
    }

    @Override
    public void blockWritten() {
      on();
      written++;
    }

    @Override
    public void blockCopied() {
      on();
      copied++;
    }

    @Override
    public void sparseBlock() {
      on();
      sparse++;
    }

    @Override
    public void fileDeduplicated(Entry file) {
      on();
      duplicates.add(file.path());
      duplicateBytes += file.metadata().size();
    }

    @Override
    public void fragmentWritten() {
      on();
      fragments++;
    }
  }

  @Test
  void theEventsAddUpToTheResult() throws IOException {
    Recorder heard = new Recorder();
    Tree source = SquashfsWriterTest.sample();
    WriteResult r =
        SquashfsWriter.write(source, tmp.resolve("out.sqfs"), SquashfsWriterTest.options(), heard);

    assertEquals(Set.of(Thread.currentThread()), heard.threads, "all on the caller's thread");
    assertEquals(
        r.files() + r.directories() + r.symlinks() + r.specialFiles(), heard.entries.size());
    assertEquals(List.of("/sizes/f1"), heard.hardLinks); // "/hard" comes first in the walk
    assertEquals(List.of("/dup/b"), heard.duplicates);
    assertEquals(r.sourceBytes(), heard.bytes);
    assertEquals(r.dataBlocks(), heard.written + heard.copied);
    assertEquals(0, heard.copied);
    assertEquals(r.sparseBlocks(), heard.sparse);
    assertEquals(r.fragments(), heard.fragments);
    assertTrue(heard.written > 0 && heard.sparse > 0 && heard.fragments > 0, "all kinds heard");
    // In the writer's walk order: a directory before what it holds, names in byte order.
    assertEquals("/", heard.entries.get(0));
    assertTrue(heard.entries.indexOf("/dev") < heard.entries.indexOf("/dev/b"));
    assertTrue(heard.entries.indexOf("/dev/b") < heard.entries.indexOf("/dev/c"));
    // What a progress bar sums, bytes read plus duplicates' sizes, is the content of every file
    // (hard links once).
    assertEquals(contentBytes(source), heard.bytes + heard.duplicateBytes);
  }

  @Test
  void blocksCopiedFromAnImageAreHeardAsCopied() throws IOException {
    WriterOptions o = SquashfsWriterTest.options();
    Path first = tmp.resolve("first.sqfs");
    SquashfsWriter.write(SquashfsWriterTest.sample(), first, o);
    Recorder heard = new Recorder();
    WriteResult r;
    try (SquashfsImage image = SquashfsImage.open(first)) {
      r = SquashfsWriter.write(image, tmp.resolve("again.sqfs"), o, heard);
    }
    assertTrue(heard.copied > 0, "copied " + heard.copied);
    assertEquals(r.reusedBlocks(), heard.copied);
    assertEquals(r.dataBlocks(), heard.written + heard.copied);
    assertEquals(r.sourceBytes(), heard.bytes);
  }

  private static long contentBytes(Tree tree) throws IOException {
    long sum = 0;
    Set<Long> seen = new java.util.HashSet<>();
    List<Entry> pending = new ArrayList<>(List.of(tree.root()));
    while (!pending.isEmpty()) {
      for (Entry e : tree.children(pending.remove(pending.size() - 1))) {
        if (e.isDirectory()) {
          pending.add(e);
        } else if (e.type() == io.github.squashtree.core.tree.EntryType.FILE
            && seen.add(e.metadata().linkKey())) {
          sum += e.metadata().size();
        }
      }
    }
    return sum;
  }
}
