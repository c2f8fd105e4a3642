package io.github.squashtree.core.internal.codec;

/**
 * Whether libdeflate (the optional {@code com.fulcrumgenomics:jlibdeflate}, which bundles the
 * native library for Linux and macOS on x86_64 and aarch64 and Windows on x86_64) can be used here.
 * Asked once per JVM: loading extracts and links the native library.
 */
final class Libdeflate {
  /** The Maven coordinates to name when it is missing. */
  static final String ARTIFACT = CodecLibrary.JLIBDEFLATE.artifact();

  private Libdeflate() {}

  /** Whether the jar is there and its native library loads on this platform. */
  static boolean available() {
    return Probe.FAILURE == null;
  }

  /** Why it cannot be used ({@code null} when it can), for an error message. */
  static String unavailableReason() {
    return Probe.FAILURE;
  }

  /** Holder: the probe runs on first use, and only once. */
  private static final class Probe {
    static final String FAILURE = probe();

    private static String probe() {
      if (!CodecLibrary.JLIBDEFLATE.isPresent()) {
        return Libdeflate.ARTIFACT + " is not on the class path or module path";
      }
      try {
        // Initializing the class loads the native library.
        Class.forName(
            "com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor",
            true,
            Libdeflate.class.getClassLoader());
        Class.forName(
            "com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor",
            true,
            Libdeflate.class.getClassLoader());
        return null;
      } catch (ClassNotFoundException | LinkageError e) {
        // UnsatisfiedLinkError: no native library for this platform, or it failed to load
        return "libdeflate did not load (" + e + ")";
      }
    }
  }
}
