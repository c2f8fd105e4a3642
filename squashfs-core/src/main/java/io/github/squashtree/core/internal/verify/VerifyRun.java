package io.github.squashtree.core.internal.verify;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.image.VerifyListener;
import io.github.squashtree.core.image.VerifyReport;
import io.github.squashtree.core.internal.format.DataBlock;
import io.github.squashtree.core.internal.format.DirectoryInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.MetadataRef;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.read.FileLayout;
import io.github.squashtree.core.internal.read.ImageReader;
import io.github.squashtree.core.internal.read.ImageWalker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One verification: the walk on the calling thread, data blocks decoded on a pool. */
final class VerifyRun {
  private final ImageReader image;
  private final Superblock superblock;
  private final VerifyListener listener;
  private final int threads;
  private final long total;

  /** Problems by walk order, so the first in order wins whatever thread found it first. */
  private final ConcurrentSkipListMap<Long, String> problems = new ConcurrentSkipListMap<>();

  private final Map<Long, Long> refsByNumber = new HashMap<>();
  private final Set<Long> filesSeen = new HashSet<>();
  private final List<Long> directoryNumbers = new ArrayList<>();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong dataBlocks = new AtomicLong();
  private final AtomicLong contentBytes = new AtomicLong();
  private int[] fragmentLengths = new int[0];
  private long order;
  private long directories;
  private long files;
  private long hardLinks;
  private long symlinks;
  private long specials;
  private long fragmentBlocks;
  private long exportEntries;

  VerifyRun(ImageReader image, VerifyListener listener, int threads) {
    this.image = image;
    this.superblock = image.superblock();
    this.listener = listener;
    this.threads = threads;
    this.total = superblock.bytesUsed();
  }

  static VerifyReport failed(String problem) {
    return new VerifyReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, problem);
  }

  VerifyReport execute() throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, VerifyRun::daemon);
    try {
      checkFragments(pool);
      if (problems.isEmpty()) {
        walkAndDecode(pool);
      }
      if (problems.isEmpty()) {
        checkInodeCount();
        checkExportTable();
      }
    } catch (SquashfsFormatException e) {
      problems.put(Long.MAX_VALUE, e.getMessage());
    } finally {
      pool.shutdown();
      awaitQuietly(pool);
    }
    listener.progress(total, total);
    return new VerifyReport(
        refsByNumber.size(),
        directories,
        files,
        hardLinks,
        symlinks,
        specials,
        dataBlocks.get(),
        fragmentBlocks,
        contentBytes.get(),
        exportEntries,
        problems.isEmpty() ? null : problems.firstEntry().getValue());
  }

  private void walkAndDecode(ExecutorService pool) throws IOException {
    // Bounds the layouts waiting in the queue.
    Semaphore inFlight = new Semaphore(threads * 4);
    ThreadLocal<byte[][]> buffers =
        ThreadLocal.withInitial(
            () ->
                new byte[][] {new byte[superblock.blockSize()], new byte[superblock.blockSize()]});
    try {
      new ImageWalker(image)
          .walk(
              (path, inode, ref, depth) -> {
                long at = order++;
                checkInode(path, inode, ref, depth);
                if (inode instanceof FileInode f && filesSeen.add(ref)) {
                  FileLayout layout = layoutOf(path, f);
                  inFlight.acquireUninterruptibly();
                  pool.execute(
                      () -> {
                        try {
                          byte[][] b = buffers.get();
                          decode(path, layout, b[0], b[1]);
                        } catch (SquashfsFormatException e) {
                          problems.put(at, e.getMessage());
                        } catch (IOException | RuntimeException e) {
                          problems.put(at, ImageWalker.text(path) + ": " + e);
                        } finally {
                          inFlight.release();
                        }
                      });
                }
                return problems.isEmpty();
              });
    } catch (SquashfsFormatException e) {
      problems.put(order, e.getMessage());
    } finally {
      // Every task holds a permit until it ends: taking them all waits for the data checks.
      inFlight.acquireUninterruptibly(threads * 4);
    }
  }

  private void checkInode(byte[] path, Inode inode, long ref, int depth) throws IOException {
    try {
      long number = inode.inodeNumber();
      if (number < 1 || number > superblock.inodeCount()) {
        throw new SquashfsFormatException(
            "inode number " + number + " outside 1.." + superblock.inodeCount());
      }
      Long previous = refsByNumber.putIfAbsent(number, ref);
      if (previous != null && previous != ref) {
        throw new SquashfsFormatException(
            "inode number "
                + number
                + " used by two inodes, at "
                + MetadataRef.toString(previous)
                + " and "
                + MetadataRef.toString(ref));
      }
      image.uid(inode);
      image.gid(inode);
      image.xattrs(inode);
      switch (inode.entryType()) {
        case DIRECTORY -> checkDirectory((DirectoryInode) inode, depth);
        case FILE -> {
          if (filesSeen.contains(ref)) {
            hardLinks++;
          } else {
            files++;
          }
        }
        case SYMLINK -> symlinks++;
        default -> specials++;
      }
    } catch (SquashfsFormatException e) {
      throw new SquashfsFormatException(ImageWalker.text(path) + ": " + e.getMessage(), e);
    }
  }

  private void checkDirectory(DirectoryInode dir, int depth) throws SquashfsFormatException {
    directories++;
    // The walk is pre-order, so the last directory seen one level up is the parent.
    if (depth > 0 && depth <= directoryNumbers.size()) {
      long parent = directoryNumbers.get(depth - 1);
      if (dir.parentInode() != parent) {
        throw new SquashfsFormatException(
            "directory inode "
                + dir.inodeNumber()
                + " names parent inode "
                + dir.parentInode()
                + " but lies in directory inode "
                + parent);
      }
    }
    while (directoryNumbers.size() > depth) {
      directoryNumbers.remove(directoryNumbers.size() - 1);
    }
    directoryNumbers.add(dir.inodeNumber());
  }

  private FileLayout layoutOf(byte[] path, FileInode f) throws SquashfsFormatException {
    try {
      return image.layout(f);
    } catch (SquashfsFormatException e) {
      throw new SquashfsFormatException(ImageWalker.text(path) + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SquashfsFormatException(ImageWalker.text(path) + ": " + e, e);
    }
  }

  private void decode(byte[] path, FileLayout layout, byte[] block, byte[] scratch)
      throws IOException {
    long stored = 0;
    try {
      for (int i = 0; i < layout.blockCount(); i++) {
        if (layout.isSparse(i)) {
          continue;
        }
        image.readBlock(layout, i, block, scratch);
        dataBlocks.incrementAndGet();
        stored += DataBlock.storedSize(layout.sizeWord(i));
      }
      if (layout.tailSize() > 0) {
        checkTail(layout);
      }
    } catch (SquashfsFormatException e) {
      throw new SquashfsFormatException(ImageWalker.text(path) + ": " + e.getMessage(), e);
    }
    contentBytes.addAndGet(layout.fileSize());
    listener.progress(done.addAndGet(stored), total);
  }

  private void checkInodeCount() throws SquashfsFormatException {
    if (refsByNumber.size() != superblock.inodeCount()) {
      throw new SquashfsFormatException(
          "superblock counts "
              + superblock.inodeCount()
              + " inodes but "
              + refsByNumber.size()
              + " are reachable from the root");
    }
  }

  /**
   * Decodes every fragment block once, on the pool, and keeps their lengths so that each file's
   * tail can be checked against its fragment without decoding the fragment again.
   */
  private void checkFragments(ExecutorService pool) throws IOException {
    long count = image.fragmentCount();
    // The reader has checked the count against the fragment table's span before this allocation.
    fragmentLengths = new int[Math.toIntExact(count)];
    List<Future<?>> pending = new ArrayList<>();
    int chunk = 64;
    for (int from = 0; from < count; from += chunk) {
      int start = from;
      int end = (int) Math.min(count, (long) from + chunk);
      pending.add(
          pool.submit(
              () -> {
                for (int i = start; i < end; i++) {
                  fragmentLengths[i] = image.fragmentBlockSize(i);
                }
                return null;
              }));
    }
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("verification interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    fragmentBlocks = count;
  }

  private void checkTail(FileLayout layout) throws SquashfsFormatException {
    FileInode f = layout.inode();
    if (f.fragmentIndex() >= fragmentLengths.length) {
      throw new SquashfsFormatException(
          "inode "
              + f.inodeNumber()
              + ": fragment index "
              + f.fragmentIndex()
              + " outside the fragment table of "
              + fragmentLengths.length);
    }
    int length = fragmentLengths[(int) f.fragmentIndex()];
    if (f.fragmentOffset() < 0 || (long) f.fragmentOffset() + layout.tailSize() > length) {
      throw new SquashfsFormatException(
          "inode "
              + f.inodeNumber()
              + ": tail of "
              + layout.tailSize()
              + " bytes at "
              + Integer.toUnsignedString(f.fragmentOffset())
              + " outside fragment "
              + f.fragmentIndex()
              + " of "
              + length
              + " bytes");
    }
  }

  private void checkExportTable() throws IOException {
    if (!superblock.hasExportTable()) {
      return;
    }
    for (long n = 1; n <= superblock.inodeCount(); n++) {
      long ref = image.inodeRefOf(n);
      Long walked = refsByNumber.get(n);
      if (walked != null && walked != ref) {
        throw new SquashfsFormatException(
            "export table: inode "
                + n
                + " at "
                + MetadataRef.toString(ref)
                + ", but the directory tree has it at "
                + MetadataRef.toString(walked));
      }
      Inode inode = image.inode(ref);
      if (inode.inodeNumber() != n) {
        throw new SquashfsFormatException(
            "export table: entry for inode "
                + n
                + " points at inode "
                + inode.inodeNumber()
                + " ("
                + MetadataRef.toString(ref)
                + ")");
      }
      exportEntries++;
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "squashtree-verify");
    t.setDaemon(true);
    return t;
  }

  private static void awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.DAYS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
