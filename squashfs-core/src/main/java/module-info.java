/**
 * squashtree core: reads and writes SquashFS 4.0 images, with one model of a directory tree in the
 * middle.
 *
 * <ul>
 *   <li>{@link io.github.squashtree.core.tree} — the model: {@code Tree}, {@code Entry}, {@code
 *       Metadata}, and {@code TreeBuilder} for trees made in memory;
 *   <li>{@link io.github.squashtree.core.image} — an image read without mounting: {@code
 *       SquashfsImage} (a tree, plus extraction and verification);
 *   <li>{@link io.github.squashtree.core.write} — any tree written as an image: {@code
 *       SquashfsWriter};
 *   <li>{@link io.github.squashtree.core.host} — a directory on disk as a tree;
 *   <li>{@link io.github.squashtree.core.compression} — the codecs and their settings;
 *   <li>{@link io.github.squashtree.core} — the exceptions for bad images.
 * </ul>
 *
 * <p>Codec libraries are optional: gzip (the JDK) and the lz4 and lzo decoders always work; xz and
 * lzma need {@code org.tukaani:xz}, zstd needs {@code com.github.luben:zstd-jni}, writing lzo or
 * lz4 needs {@code io.airlift:aircompressor} and writing lz4 with high compression {@code
 * at.yawk.lz4:lz4-java}; gzip is written by the JDK's zlib, or with {@code
 * com.fulcrumgenomics:jlibdeflate} by libdeflate when asked for (and read by libdeflate when
 * present). On the module path, a module that reads or writes such images requires the library's
 * module too (or runs with {@code --add-modules}). JNA ({@code net.java.dev.jna:jna}), when
 * present, gives host access through libc: every xattr namespace, owners and device nodes on
 * extraction, names and symlink targets as bytes.
 *
 * <p>An image is also a {@link java.nio.file.FileSystem}: the module provides the {@code squashfs}
 * {@link java.nio.file.spi.FileSystemProvider}, so {@code FileSystems.newFileSystem(image)} opens
 * one with no squashtree type in sight.
 *
 * <p>The {@code internal} packages are squashtree's own; they are exported only to its other
 * modules and may change in any release.
 */
module io.github.squashtree.core {
  requires static org.tukaani.xz;
  requires static com.github.luben.zstd_jni;
  requires static org.lz4.java;
  requires static com.sun.jna;

  exports io.github.squashtree.core;
  exports io.github.squashtree.core.compression;
  exports io.github.squashtree.core.host;
  exports io.github.squashtree.core.image;
  exports io.github.squashtree.core.tree;
  exports io.github.squashtree.core.write;
  exports io.github.squashtree.core.internal to
      io.github.squashtree.overlay;
  exports io.github.squashtree.core.internal.host to
      io.github.squashtree.overlay,
      io.github.squashtree.cli;
  exports io.github.squashtree.core.internal.extract to
      io.github.squashtree.cli;
  exports io.github.squashtree.core.internal.format to
      io.github.squashtree.cli;
  exports io.github.squashtree.core.internal.io to
      io.github.squashtree.cli;
  exports io.github.squashtree.core.internal.read to
      io.github.squashtree.cli;
  exports io.github.squashtree.core.internal.verify to
      io.github.squashtree.cli;

  // Images as java.nio.file file systems (scheme "squashfs"); the provider's package stays
  // internal: users need only the JDK's types and the env keys the README lists.
  provides java.nio.file.spi.FileSystemProvider with
      io.github.squashtree.core.internal.nio.SquashfsFileSystemProvider;
}
