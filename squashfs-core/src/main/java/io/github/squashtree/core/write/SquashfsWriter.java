package io.github.squashtree.core.write;

import io.github.squashtree.core.MissingCodecException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.internal.codec.CodecLibrary;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.format.FragmentEntry;
import io.github.squashtree.core.internal.format.MetadataBlock;
import io.github.squashtree.core.internal.format.Superblock;
import io.github.squashtree.core.internal.format.XattrIdEntry;
import io.github.squashtree.core.internal.format.XattrTableHeader;
import io.github.squashtree.core.tree.Tree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes any {@link Tree} as a SquashFS 4.0 image that the kernel and squashfs-tools read.
 *
 * <p>The image is written to a temporary file beside the target ({@code .NAME.PID.N.partial}) and
 * renamed into place only when complete, with the replaced file's mode and owner; on any failure,
 * or when the JVM shuts down on a signal first, the temporary file is removed and the target is
 * left as it was (a later write to it removes what a killed writer left). A symlink is followed:
 * the file it names is replaced, not the link. A block device is written in place, as mksquashfs
 * writes to a partition; a character device, a fifo or a socket is refused. A directory tree being
 * written from leaves out the image and its temporary file. Output is deterministic: the same tree
 * and options give the same bytes at any thread count.
 *
 * <pre>{@code
 * try (Tree source = DirectoryTree.open(Path.of("rootfs"))) {
 *   SquashfsWriter.write(source, Path.of("root.sqfs"), WriterOptions.defaults());
 * }
 * }</pre>
 */
public final class SquashfsWriter {
  private static final int PADDING = 4096;

  private SquashfsWriter() {}

  /**
   * Writes {@code tree} as the image {@code image}, replacing it.
   *
   * @param tree the source; it is read, never changed, and stays open
   * @param image the image file to make; its directory must exist
   * @param options how to write
   * @return what was written
   * @throws IOException if the tree cannot be read or the image cannot be written; the image is
   *     then left as it was
   * @throws IllegalArgumentException for options mksquashfs refuses too: an xz dictionary larger
   *     than the block size; zlib strategies with libdeflate; lzo options other than lzo1x_1 (the
   *     only lzo written)
   */
  public static WriteResult write(Tree tree, Path image, WriterOptions options) throws IOException {
    return write(tree, image, options, WriteListener.NONE);
  }

  /**
   * Writes {@code tree} as the image {@code image}, replacing it, and tells {@code listener} how
   * the write progresses.
   *
   * @param tree the source; it is read, never changed, and stays open
   * @param image the image file to make; its directory must exist
   * @param options how to write
   * @param listener hears of entries, bytes read, blocks and warnings, on the calling thread
   * @return what was written
   * @throws IOException if the tree cannot be read or the image cannot be written; the image is
   *     then left as it was
   * @throws MissingCodecException if the codec's library is not on the class path or module path
   *     (for gzip with {@link
   *     io.github.squashtree.core.compression.DeflateImplementation#LIBDEFLATE}, jlibdeflate)
   * @throws IllegalArgumentException for options mksquashfs refuses too: an xz dictionary larger
   *     than the block size; zlib strategies with libdeflate; lzo options other than lzo1x_1 (the
   *     only lzo written)
   */
  public static WriteResult write(
      Tree tree, Path image, WriterOptions options, WriteListener listener) throws IOException {
    checkCodecOptions(options);
    return write(tree, image, options, listener, null);
  }

  /**
   * Refuses, before anything is written, settings mksquashfs would not write or that do not
   * describe the data, and a codec whose library is missing or does not load.
   */
  private static void checkCodecOptions(WriterOptions options) throws IOException {
    CodecLibrary.checkWritable(
        options.compression(), options.compressorOptions(), options.deflate());
    if (options.compression() == Compression.GZIP
        && options.deflate() == DeflateImplementation.LIBDEFLATE) {
      String problem = Codecs.libdeflateProblem();
      if (problem != null) {
        // the jar is there (checked above) but its native library did not load here
        throw new IOException(problem);
      }
      if (options.compressorOptions() instanceof GzipOptions gzip
          && (gzip.strategies() & ~GzipOptions.DEFAULT_STRATEGY) != 0) {
        throw new IllegalArgumentException(
            "gzip strategies are zlib's: libdeflate has none (write with"
                + " DeflateImplementation.ZLIB to try them)");
      }
    }
    String refused = Codecs.unwritable(options.compressorOptions());
    if (refused != null) {
      throw new IllegalArgumentException(refused);
    }
    if (options.compressorOptions() instanceof XzOptions xz
        && xz.dictionarySize() > options.blockSize()) {
      throw new IllegalArgumentException(
          "xz dictionary of "
              + xz.dictionarySize()
              + " bytes is larger than the block size "
              + options.blockSize());
    }
  }

  /**
   * Begins a write whose file content comes before its tree, from a source that holds both in an
   * order of its own (a tar archive): see {@link StreamingWrite}.
   *
   * @param image the image file to make; its directory must exist
   * @param options how to write
   * @return the write, to be given content and then finished with its tree
   * @throws IOException if the image cannot be created
   */
  public static StreamingWrite begin(Path image, WriterOptions options) throws IOException {
    return begin(image, options, WriteListener.NONE);
  }

  /**
   * As {@link #begin(Path, WriterOptions)}, telling {@code listener} how the write progresses.
   * Streamed content is heard of as it arrives, a duplicate when the tree names it.
   *
   * @param image the image file to make; its directory must exist
   * @param options how to write
   * @param listener hears of entries, bytes read, blocks and warnings, on the calling threads
   * @return the write, to be given content and then finished with its tree
   * @throws IOException if the image cannot be created
   */
  public static StreamingWrite begin(Path image, WriterOptions options, WriteListener listener)
      throws IOException {
    checkCodecOptions(options);
    return new StreamingWrite(new Run(image, options, listener, null));
  }

  /**
   * As {@link #write(Tree, Path, WriterOptions)}, the data blocks compressed by compressors from
   * {@code dataCompressors} (tests make the workers fail with it).
   */
  static WriteResult write(
      Tree tree, Path image, WriterOptions options, Supplier<Compressor> dataCompressors)
      throws IOException {
    return write(tree, image, options, WriteListener.NONE, dataCompressors);
  }

  private static WriteResult write(
      Tree tree,
      Path image,
      WriterOptions options,
      WriteListener listener,
      Supplier<Compressor> dataCompressors)
      throws IOException {
    Objects.requireNonNull(tree, "tree");
    try (Run run = new Run(image, options, listener, dataCompressors)) {
      return run.finish(tree);
    }
  }

  /**
   * One write: the image file aside, the block pipeline, content taken as it comes ({@link
   * StreamedFiles}); then the tree's data pass, the metadata pass, tables, superblock last, and the
   * rename into place. Closed unfinished, it stops the workers and removes the file.
   */
  static final class Run implements AutoCloseable {
    private final WriterOptions options;
    private final ImageDestination destination;
    private final CompressorOptions codecOptions;
    private final boolean storeOptions;

    /** Where the data blocks begin: after the superblock and the options block, if stored. */
    private final long dataStart;

    private final Supplier<Compressor> dataCompressors;
    private final ImageOutput out;
    private final BlockPipeline pipeline;
    private final FragmentPacker fragments;
    private final StreamedFiles streamed;
    private final WriteTally tally;
    private boolean done;

    Run(
        Path image,
        WriterOptions options,
        WriteListener listener,
        Supplier<Compressor> dataCompressors)
        throws IOException {
      Objects.requireNonNull(options, "options");
      this.tally = new WriteTally(Objects.requireNonNull(listener, "listener"));
      this.dataCompressors = dataCompressors;
      this.options = options;
      // What an image without an options block means...
      CompressorOptions defaults =
          CompressorOptions.defaults(options.compression(), options.blockSize()).orElse(null);
      // ...and what this write compresses with (lzo differs: always lzo1x_1).
      this.codecOptions =
          options.compressorOptions() != null
              ? options.compressorOptions()
              : Codecs.writerDefaults(options.compression(), options.blockSize());
      // mksquashfs stores the options block only when the settings differ from the defaults,
      // except for lz4, whose options it always stores (unsquashfs refuses lz4 images without).
      this.storeOptions =
          codecOptions != null
              && (!codecOptions.equals(defaults) || options.compression() == Compression.LZ4);
      this.dataStart =
          Superblock.SIZE
              + (storeOptions ? MetadataBlock.HEADER_SIZE + codecOptions.encodedSize() : 0);
      this.destination = ImageDestination.open(image, options.offset());
      BlockPipeline started = null;
      try {
        // Read as well as written: content that arrived earlier is read back to confirm a
        // duplicate (StreamedFiles).
        this.out = new ImageOutput(destination, dataStart, options.offset());
        started =
            dataCompressors == null
                ? new BlockPipeline(
                    out,
                    options.compression(),
                    codecOptions,
                    options.blockSize(),
                    options.deflate(),
                    options.processors())
                : new BlockPipeline(
                    out, dataCompressors, options.blockSize(), options.processors());
        this.fragments = new FragmentPacker(started, options.blockSize(), tally);
        this.streamed =
            new StreamedFiles(
                out, started, fragments, options, codecOptions, options.blockSize(), tally);
      } catch (RuntimeException | Error e) {
        if (started != null) {
          started.close();
        }
        destination.abandon(e);
        throw e;
      }
      this.pipeline = started;
    }

    /** Where streamed content goes (see {@link StreamingWrite}). */
    StreamedFiles streamed() {
      return streamed;
    }

    /** Writes {@code tree}, then the tables, and puts the image in place. */
    WriteResult finish(Tree tree) throws IOException {
      if (done) {
        throw new IllegalStateException("this write is finished");
      }
      done = true;
      WriteResult result;
      try {
        result = execute(tree);
        destination.commit();
      } catch (IOException | RuntimeException | Error e) {
        pipeline.close();
        destination.abandon(e);
        throw e;
      }
      return result;
    }

    /** Stops the workers and, unless the write finished, removes the unfinished image. */
    @Override
    public void close() throws IOException {
      pipeline.close();
      streamed.close();
      if (!done) {
        done = true;
        IOException failure = new IOException("closing an unfinished write");
        destination.abandon(failure);
        if (failure.getSuppressed().length > 0) {
          throw failure;
        }
      }
    }

    private WriteResult execute(Tree tree) throws IOException {
      Node root;
      TreeCollector collector;
      FileDataWriter files =
          new FileDataWriter(
              tree,
              pipeline,
              fragments,
              options,
              codecOptions,
              // Blocks are copied only when this write compresses with the standard codec: a
              // test's own compressor (dataCompressors) would not have made them.
              options.reuseStoredBlocks() && dataCompressors == null,
              streamed,
              tally);
      try (files) {
        collector = new TreeCollector(tree, files, tally);
        root = collector.collect();
        fragments.flush();
        pipeline.drain();
      }
      pipeline.close();
      try (Compressor compressor =
          Codecs.compressor(
              options.compression(), codecOptions, options.blockSize(), options.deflate())) {
        return writeTables(out, root, collector, fragments, compressor);
      }
    }

    /** The metadata pass, the tables and the superblock, after the data pass. */
    private WriteResult writeTables(
        ImageOutput out,
        Node root,
        TreeCollector collector,
        FragmentPacker fragments,
        Compressor compressor)
        throws IOException {
      MetadataWriter inodeTable = new MetadataWriter(compressor);
      MetadataWriter directoryTable = new MetadataWriter(compressor);
      MetadataWriter keyValues = new MetadataWriter(compressor);
      IdTableBuilder ids = new IdTableBuilder();
      XattrTableBuilder xattrs = new XattrTableBuilder(keyValues);
      MetadataPass pass =
          new MetadataPass(
              new InodeWriter(inodeTable, ids, xattrs, options),
              new DirectoryTableWriter(directoryTable));
      long rootRef = pass.write(root);

      TableWriter tables = new TableWriter(out, compressor);
      long inodeStart = tables.writeMetadata(inodeTable.finish());
      long directoryStart = tables.writeMetadata(directoryTable.finish());
      long fragmentStart =
          tables.writeLookup(fragments.entries(), FragmentEntry.SIZE, FragmentEntry::encodeTo);
      long exportStart =
          options.exportTable()
              ? tables.writeLookup(
                  java.util.Arrays.stream(pass.exportRefs()).boxed().toList(),
                  8,
                  (ref, b) -> b.putLong(ref))
              : Superblock.NO_TABLE;
      long idStart = tables.writeLookup(ids.ids(), 4, (id, b) -> b.putInt((int) (long) id));
      long xattrStart = Superblock.NO_TABLE;
      if (!xattrs.ids().isEmpty()) {
        long kvStart = tables.writeMetadata(keyValues.finish());
        MetadataWriter idBlocks = new MetadataWriter(compressor);
        for (XattrIdEntry e : xattrs.ids()) {
          ByteBuffer b = idBlocks.scratch(XattrIdEntry.SIZE);
          e.encodeTo(b);
          idBlocks.add(b);
        }
        long idBlocksStart = tables.writeMetadata(idBlocks.finish());
        ByteBuffer header =
            ByteBuffer.allocate(XattrTableHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        new XattrTableHeader(kvStart, xattrs.ids().size()).encodeTo(header);
        xattrStart = tables.writeLocations(idBlocksStart, idBlocks.blockStarts(), header.array());
      }
      long bytesUsed = out.position();
      long padded = (bytesUsed + PADDING - 1) / PADDING * PADDING;
      if (padded > bytesUsed) {
        out.write(new byte[(int) (padded - bytesUsed)], 0, (int) (padded - bytesUsed));
      }

      int flags = flags(!xattrs.ids().isEmpty());
      long mkfsTime =
          options.mkfsTime().orElse(Math.max(0, Math.min(0xFFFFFFFFL, collector.newestMtime)));
      Superblock sb =
          new Superblock(
              pass.inodeCount(),
              mkfsTime,
              options.blockSize(),
              fragments.entries().size(),
              options.compression().id(),
              Integer.numberOfTrailingZeros(options.blockSize()),
              flags,
              ids.ids().size(),
              rootRef,
              bytesUsed,
              idStart,
              xattrStart,
              inodeStart,
              directoryStart,
              fragmentStart,
              exportStart);
      ByteBuffer head = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
      sb.encodeTo(head);
      if (storeOptions) {
        head.putShort((short) MetadataBlock.header(codecOptions.encodedSize(), false));
        codecOptions.encodeTo(head);
      }
      head.flip();
      out.writeAt(0, head);
      return tally.result(padded, ids.ids().size(), xattrs.ids().size());
    }

    private int flags(boolean hasXattrs) {
      int flags = 0;
      if (options.deduplicate()) {
        flags |= Superblock.FLAG_DUPLICATES;
      }
      if (options.exportTable()) {
        flags |= Superblock.FLAG_EXPORTABLE;
      }
      switch (options.fragments()) {
        case NONE -> flags |= Superblock.FLAG_NO_FRAGMENTS;
        case ALWAYS -> flags |= Superblock.FLAG_ALWAYS_FRAGMENTS;
        case SMALL_FILES -> {}
      }
      if (!hasXattrs) {
        flags |= Superblock.FLAG_NO_XATTRS;
      }
      if (storeOptions) {
        flags |= Superblock.FLAG_COMPRESSOR_OPTIONS;
      }
      return flags;
    }
  }
}
