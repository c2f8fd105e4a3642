/** A new user's module: what the README asks of it. */
module consumer {
  requires io.github.squashtree.core;
  requires io.github.squashtree.overlay;
  requires org.tukaani.xz; // the codec library this program reads and writes with
}
