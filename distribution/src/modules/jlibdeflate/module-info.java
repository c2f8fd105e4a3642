/**
 * jlibdeflate (gzip through libdeflate) as an explicit module, for jlink. The jar names no module;
 * this is the name the module path derives from its file, which the launcher adds to the modules it
 * resolves (squashtree-core finds the library by class, whatever module it is in). Its native
 * library is not inside: the launcher loads it from the runtime's lib/ (jlibdeflate.library.path).
 */
module jlibdeflate {
  exports com.fulcrumgenomics.jlibdeflate;
}
