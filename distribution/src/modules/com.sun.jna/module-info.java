/**
 * JNA as an explicit module, for jlink (the jar is an automatic module). Unlike jna-jpms's
 * descriptor, java.desktop is optional: sqfs never passes AWT objects, and the module would add
 * about 12 MB to the runtime.
 */
module com.sun.jna {
  requires java.logging;
  requires static java.desktop;

  exports com.sun.jna;
  exports com.sun.jna.ptr;
  exports com.sun.jna.win32;
}
