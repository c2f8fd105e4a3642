package io.github.squashtree.tar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/ALG/HEX}):
 * finds an image's manifest by its {@code org.opencontainers.image.ref.name} and opens its layers.
 * A layout is untrusted: JSON documents are capped at {@link #MAX_DOCUMENT} bytes, every blob is
 * checked against its descriptor's size and digest (a layer as it is read, so a mismatch fails the
 * write that used it), and a digest names a blob only in the form {@code sha256:} plus 64 hex
 * digits (or {@code sha512:} and 128), so it cannot point outside {@code blobs/}.
 */
final class OciLayout {
  /** index.json, a manifest or an index: at most this many bytes. */
  static final int MAX_DOCUMENT = 4 << 20;

  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final Set<String> INDEXES =
      Set.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");
  private static final Set<String> MANIFESTS =
      Set.of(
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json");
  private static final Set<String> LAYERS =
      Set.of(
          "application/vnd.oci.image.layer.v1.tar",
          "application/vnd.oci.image.layer.v1.tar+gzip",
          "application/vnd.oci.image.layer.v1.tar+zstd",
          "application/vnd.oci.image.layer.nondistributable.v1.tar",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
          "application/vnd.docker.image.rootfs.diff.tar.gzip",
          "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern SHA512 = Pattern.compile("sha512:[0-9a-f]{128}");

  /** A content descriptor: what a blob is, its digest and size. */
  record Descriptor(String mediaType, String digest, long size, Map<String, Object> fields) {}

  private final Path dir;

  private OciLayout(Path dir) {
    this.dir = dir;
  }

  /** Whether {@code dir} looks like an image layout: it holds {@code oci-layout}. */
  static boolean isLayout(Path dir) {
    return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("oci-layout"));
  }

  /** Opens the layout in {@code dir}, checking its {@code oci-layout} file. */
  static OciLayout open(Path dir) throws IOException {
    OciLayout layout = new OciLayout(dir);
    Object marker = Json.parse(layout.document(dir.resolve("oci-layout")), "oci-layout");
    Object version = marker instanceof Map<?, ?> m ? m.get("imageLayoutVersion") : null;
    if (!(version instanceof String v) || !v.startsWith("1.")) {
      throw new TarFormatException(dir + ": oci-layout has no imageLayoutVersion 1.x");
    }
    return layout;
  }

  /**
   * The layers of the image {@code ref} names (or of the only image when {@code ref} is null), the
   * bottom one first.
   */
  List<Descriptor> layers(String ref) throws IOException {
    Map<String, Object> index =
        object(Json.parse(document(dir.resolve("index.json")), "index.json"), "index.json");
    Descriptor chosen = choose(index, ref, "index.json");
    for (int depth = 0; INDEXES.contains(chosen.mediaType()); depth++) {
      if (depth > 4) {
        throw new TarFormatException("indexes nested deeper than 4");
      }
      Map<String, Object> nested =
          object(Json.parse(blob(chosen), chosen.digest()), chosen.digest());
      chosen = choose(nested, null, chosen.digest());
    }
    if (!MANIFESTS.contains(chosen.mediaType())) {
      throw new TarFormatException(
          chosen.digest() + ": not an image manifest but " + chosen.mediaType());
    }
    Map<String, Object> manifest =
        object(Json.parse(blob(chosen), chosen.digest()), chosen.digest());
    List<Descriptor> layers = new ArrayList<>();
    Object list = manifest.get("layers");
    if (!(list instanceof List<?> items)) {
      throw new TarFormatException(chosen.digest() + ": a manifest without layers");
    }
    for (Object item : items) {
      Descriptor d = descriptor(item, chosen.digest());
      if (!LAYERS.contains(d.mediaType())) {
        throw new TarFormatException(
            d.digest() + ": unsupported layer media type " + d.mediaType());
      }
      layers.add(d);
    }
    return layers;
  }

  /** The manifest (or index) among {@code index}'s that {@code ref} names, or the only one. */
  private Descriptor choose(Map<String, Object> index, String ref, String what)
      throws TarFormatException {
    if (!(index.get("manifests") instanceof List<?> items)) {
      throw new TarFormatException(what + ": no manifests");
    }
    List<Descriptor> all = new ArrayList<>();
    for (Object item : items) {
      all.add(descriptor(item, what));
    }
    if (ref != null) {
      List<String> names = new ArrayList<>();
      for (Descriptor d : all) {
        Object name = annotations(d).get(REF_NAME);
        if (ref.equals(name)) {
          return d;
        }
        if (name instanceof String s) {
          names.add(s);
        }
      }
      throw new TarFormatException(what + ": no image named '" + ref + "' (names: " + names + ")");
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    // A multi-platform index: the image for this machine, if it names one.
    String arch =
        System.getProperty("os.arch").replace("x86_64", "amd64").replace("aarch64", "arm64");
    List<Descriptor> mine = new ArrayList<>();
    for (Descriptor d : all) {
      if (d.fields().get("platform") instanceof Map<?, ?> p
          && "linux".equals(p.get("os"))
          && arch.equals(p.get("architecture"))) {
        mine.add(d);
      }
    }
    if (mine.size() == 1) {
      return mine.get(0);
    }
    throw new TarFormatException(
        what + ": " + all.size() + " images; name one as DIR:REF (by " + REF_NAME + ")");
  }

  private static Map<?, ?> annotations(Descriptor d) {
    return d.fields().get("annotations") instanceof Map<?, ?> a ? a : Map.of();
  }

  private static Descriptor descriptor(Object item, String what) throws TarFormatException {
    Map<String, Object> m = object(item, what);
    if (!(m.get("mediaType") instanceof String type)) {
      throw new TarFormatException(what + ": a descriptor without a mediaType");
    }
    if (!(m.get("digest") instanceof String digest)
        || !(SHA256.matcher(digest).matches() || SHA512.matcher(digest).matches())) {
      throw new TarFormatException(
          what + ": a descriptor's digest is not sha256:<64 hex> or sha512:<128 hex>");
    }
    if (!(m.get("size") instanceof BigDecimal size)
        || size.signum() < 0
        || size.scale() > 0
        || size.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new TarFormatException(what + ": " + digest + " has no valid size");
    }
    return new Descriptor(type, digest, size.longValueExact(), m);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String what) throws TarFormatException {
    if (!(o instanceof Map<?, ?>)) {
      throw new TarFormatException(what + ": not a JSON object");
    }
    return (Map<String, Object>) o;
  }

  /** A small blob, whole, checked against its descriptor. */
  private byte[] blob(Descriptor d) throws IOException {
    if (d.size() > MAX_DOCUMENT) {
      throw new TarFormatException(d.digest() + ": " + d.size() + " bytes, above " + MAX_DOCUMENT);
    }
    try (VerifiedBlob in = open(d)) {
      byte[] b = in.readAllBytes();
      in.verify();
      return b;
    }
  }

  /** A blob's bytes, checked as they are read: call {@link VerifiedBlob#verify} at the end. */
  VerifiedBlob open(Descriptor d) throws IOException {
    String[] parts = d.digest().split(":", 2);
    Path file = dir.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(file.toString(), null, "no such blob (" + d.digest() + ")");
    }
    long size = Files.size(file);
    if (size != d.size()) {
      throw new TarFormatException(
          d.digest() + ": the blob has " + size + " bytes, its descriptor says " + d.size());
    }
    InputStream in =
        Channels.newInputStream(
            Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    return new VerifiedBlob(in, d);
  }

  private byte[] document(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "missing from the OCI layout");
    }
    if (Files.size(file) > MAX_DOCUMENT) {
      throw new TarFormatException(file + ": larger than " + MAX_DOCUMENT + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(MAX_DOCUMENT);
    }
  }

  /** A blob's bytes with its digest computed as they pass. */
  static final class VerifiedBlob extends FilterInputStream {
    private final Descriptor descriptor;
    private final MessageDigest digest;
    private long count;

    VerifiedBlob(InputStream in, Descriptor d) throws IOException {
      super(in);
      this.descriptor = d;
      try {
        this.digest =
            MessageDigest.getInstance(d.digest().startsWith("sha512") ? "SHA-512" : "SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IOException(e);
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[8192];
      long done = 0;
      while (done < n) {
        int k = read(scratch, 0, (int) Math.min(scratch.length, n - done));
        if (k < 0) {
          break;
        }
        done += k;
      }
      return done;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    /** Reads what is left and checks the whole blob against its descriptor. */
    void verify() throws IOException {
      byte[] scratch = new byte[1 << 16];
      while (read(scratch, 0, scratch.length) >= 0) {
        // the rest of the blob: padding after a tar's end marker, a gzip trailer
      }
      String actual =
          descriptor.digest().substring(0, descriptor.digest().indexOf(':') + 1)
              + HexFormat.of().formatHex(digest.digest());
      if (count != descriptor.size() || !actual.equals(descriptor.digest())) {
        throw new TarFormatException(
            "blob "
                + descriptor.digest()
                + " does not match its digest (its content is "
                + actual
                + ")");
      }
    }
  }
}
