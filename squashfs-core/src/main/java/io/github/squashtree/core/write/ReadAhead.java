package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Entry;
import io.github.squashtree.core.tree.EntryType;
import io.github.squashtree.core.tree.NameOrder;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Walks the source tree ahead of the writing thread, on a thread of its own, in the order the
 * writer walks it: lists and sorts each directory and reads each small file whole. In a directory
 * of small files the writing thread otherwise spent its time in lstat, getxattr, open and read
 * while the compressors waited for the next fragment; now it only hashes and packs. At most {@code
 * budget} bytes of content are held read ahead.
 *
 * <p>The writer asks in walk order ({@link #children} for each directory it enters, {@link
 * #content} for each file {@code readWhole} accepts); an error of the walk reaches it at the step
 * where it would have met it itself.
 */
final class ReadAhead implements AutoCloseable {
  private sealed interface Step permits Listed, Read, Failed {}

  private record Listed(Entry directory, List<Entry> children) implements Step {}

  private record Read(Entry file, byte[] content) implements Step {}

  private record Failed(Throwable error) implements Step {}

  /** Reads a whole file of the tree; its errors name the file. */
  interface WholeFileReader {
    byte[] read(Entry file) throws IOException;
  }

  private final Tree tree;
  private final WholeFileReader reader;
  private final Entry root;
  private final Predicate<Entry> readWhole;
  private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
  private final Semaphore budget;
  private final Thread walker;

  /**
   * The walk's error, set before it is queued: out of memory, queueing it may fail too, and the
   * writer then finds it here once the walk's thread has ended.
   */
  private volatile Throwable failure;

  /**
   * Starts walking {@code tree}; {@code readWhole} picks the regular files to read with {@code
   * reader} (each at most {@code budget} bytes).
   */
  ReadAhead(Tree tree, WholeFileReader reader, Predicate<Entry> readWhole, int budget)
      throws IOException {
    this.tree = tree;
    this.reader = reader;
    this.root = tree.root();
    this.readWhole = readWhole;
    // Directory listings count as one byte each, so that a tree of empty directories cannot
    // queue up without bound either.
    this.budget = new Semaphore(budget);
    this.walker = new Thread(this::walk, "sqfs-read-ahead");
    walker.setDaemon(true);
    walker.start();
  }

  /** The root of the tree, as the walk knows it. */
  Entry root() {
    return root;
  }

  /** The entries of {@code directory} in name order; the next directory the walk entered. */
  List<Entry> children(Entry directory) throws IOException {
    Step step = next(directory);
    if (!(step instanceof Listed listed) || listed.directory() != directory) {
      throw outOfStep(directory);
    }
    budget.release();
    return listed.children();
  }

  /** The whole content of {@code file}, which {@code readWhole} accepted. */
  byte[] content(Entry file) throws IOException {
    Step step = next(file);
    if (!(step instanceof Read read) || read.file() != file) {
      throw outOfStep(file);
    }
    budget.release(read.content().length);
    return read.content();
  }

  /** Whether the walk reads {@code entry} whole. */
  boolean readsWhole(Entry entry) {
    return entry.type() == EntryType.FILE && readWhole.test(entry);
  }

  /** Stops the walk and waits for its thread, so that nothing reads the tree after this. */
  @Override
  public void close() {
    walker.interrupt();
    boolean interrupted = false;
    while (walker.isAlive()) {
      try {
        walker.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Step next(Entry expected) throws IOException {
    Step step;
    try {
      // Polled, not taken: a walk that could not queue its error must not leave the writer waiting.
      while ((step = steps.poll(100, TimeUnit.MILLISECONDS)) == null) {
        if (!walker.isAlive() && steps.isEmpty()) {
          Throwable error = failure;
          if (error == null) {
            throw new IllegalStateException("read-ahead ended before " + expected.path());
          }
          rethrow(error);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + expected.path());
    }
    if (step instanceof Failed failed) {
      // Put it back: every later step fails the same way.
      steps.add(failed);
      rethrow(failed.error());
    }
    return step;
  }

  private IllegalStateException outOfStep(Entry expected) {
    return new IllegalStateException("read-ahead out of step at " + expected.path());
  }

  private static void rethrow(Throwable error) throws IOException {
    if (error instanceof IOException e) {
      throw e;
    }
    if (error instanceof RuntimeException e) {
      throw e;
    }
    if (error instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(error);
  }

  private void walk() {
    try {
      walkDirectory(root);
    } catch (InterruptedException e) {
      // close(): the writer has stopped listening.
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      try {
        steps.add(new Failed(e));
      } catch (OutOfMemoryError again) {
        // next() finds the failure once this thread has ended
      }
    }
  }

  /**
   * Depth-first in name order, as TreeCollector visits: a directory's children are listed when it
   * is entered, its files read in turn, its subdirectories entered where they sort. Its own stack
   * of directories being read, not recursion: a tree can be deeper than the thread's stack.
   */
  private void walkDirectory(Entry top) throws IOException, InterruptedException {
    Deque<Iterator<Entry>> stack = new ArrayDeque<>();
    stack.push(list(top));
    while (!stack.isEmpty()) {
      Iterator<Entry> rest = stack.peek();
      if (!rest.hasNext()) {
        stack.pop();
        continue;
      }
      Entry child = rest.next();
      if (child.isDirectory()) {
        stack.push(list(child));
      } else if (readsWhole(child)) {
        budget.acquire((int) child.metadata().size());
        steps.add(new Read(child, reader.read(child)));
      }
    }
  }

  /** Lists {@code directory} for the writer; returns its children, in name order, to walk. */
  private Iterator<Entry> list(Entry directory) throws IOException, InterruptedException {
    List<Entry> children = new ArrayList<>(tree.children(directory));
    children.sort(NameOrder.ENTRIES);
    List<Entry> listed = List.copyOf(children);
    budget.acquire();
    steps.add(new Listed(directory, listed));
    return listed.iterator();
  }
}
