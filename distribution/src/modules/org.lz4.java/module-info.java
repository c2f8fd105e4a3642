/** lz4-java (sqfs mk --lz4-hc) as an explicit module, for jlink; the jar is an automatic one. */
module org.lz4.java {
  requires jdk.unsupported;

  exports net.jpountz.lz4;
  exports net.jpountz.util;
  exports net.jpountz.xxhash;
}
