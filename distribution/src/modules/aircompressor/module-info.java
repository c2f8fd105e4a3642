/**
 * aircompressor (writing lz4 and lzo) as an explicit module, for jlink. The jar names no module;
 * this is the name the module path derives from its file, which the launcher adds to the modules
 * it resolves (squashtree-core finds the library by class, whatever module it is in).
 */
module aircompressor {
  requires jdk.unsupported;

  exports io.airlift.compress;
  exports io.airlift.compress.lz4;
  exports io.airlift.compress.lzo;
}
