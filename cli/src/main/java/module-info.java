/**
 * The {@code sqfs} command: picocli parsing, progress and printing over squashtree's library. Every
 * codec library is a real dependency here, so the command reads and writes every image.
 */
module io.github.squashtree.cli {
  requires io.github.squashtree.core;
  requires io.github.squashtree.overlay;
  requires io.github.squashtree.tar;
  requires info.picocli;
  requires com.sun.jna;
  requires org.tukaani.xz;
  requires com.github.luben.zstd_jni;
  requires org.lz4.java;

  // aircompressor has no stable module name: core reads it wherever it is (CodecLibrary).

  // picocli sets the annotated fields of the commands by reflection.
  opens io.github.squashtree.cli to
      info.picocli;
}
