/**
 * squashtree tar: tar archives and OCI image layouts in and out of SquashFS images.
 *
 * <p>{@link io.github.squashtree.tar.TarImport} makes an image of a tar archive (plain, gzip, xz or
 * zstd; ustar, GNU, pax) in one pass over it, each file's content compressed as it arrives; {@link
 * io.github.squashtree.tar.OciImport} flattens an OCI image layout's layers, their whiteouts
 * applied; {@link io.github.squashtree.tar.TarExport} writes any tree as a pax archive. With OCI
 * whiteouts ({@link io.github.squashtree.tar.ArchiveOptions}) a layer's {@code .wh.} names become
 * overlay whiteouts and back. Archives are untrusted: a bad one is a {@link
 * io.github.squashtree.tar.TarFormatException} naming the member.
 *
 * <p>xz and zstd archives need {@code org.tukaani:xz} and {@code com.github.luben:zstd-jni}
 * (optional, as for images).
 */
module io.github.squashtree.tar {
  requires transitive io.github.squashtree.core;
  requires transitive io.github.squashtree.overlay;
  requires static org.tukaani.xz;
  requires static com.github.luben.zstd_jni;

  exports io.github.squashtree.tar;
}
