/**
 * squashtree tar: tar archives and OCI image layouts as trees to write into images, and images
 * written out as pax tar archives.
 */
module io.github.squashtree.tar {
  requires transitive io.github.squashtree.core;
  requires transitive io.github.squashtree.overlay;
  requires org.tukaani.xz;
  requires com.github.luben.zstd_jni;

  exports io.github.squashtree.tar;
}
