package io.github.squashtree.tar;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Builds an OCI image layout on disk for tests: blobs, manifests, index.json, oci-layout. */
final class TestLayout {
  private final Path dir;
  private final List<String> manifests = new ArrayList<>();

  /** The digest of each layer's uncompressed tar (its "diff id"), by its descriptor. */
  private final java.util.Map<String, String> diffIds = new java.util.HashMap<>();

  TestLayout(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs/sha256"));
  }

  Path dir() {
    return dir;
  }

  /** Stores {@code bytes} as a blob; returns its digest. */
  String blob(byte[] bytes) throws IOException {
    String hex;
    try {
      hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    Files.write(dir.resolve("blobs/sha256").resolve(hex), bytes);
    return "sha256:" + hex;
  }

  /** A layer descriptor for {@code tar}, stored compressed with {@code codec}. */
  String layer(byte[] tar, String codec) throws IOException {
    byte[] stored = TarImportTest.compress(tar, codec);
    String diffId = "sha256:" + sha256(tar);
    String type =
        switch (codec) {
          case "gzip" -> "application/vnd.oci.image.layer.v1.tar+gzip";
          case "zstd" -> "application/vnd.oci.image.layer.v1.tar+zstd";
          default -> "application/vnd.oci.image.layer.v1.tar";
        };
    String d = descriptor(type, blob(stored), stored.length, null);
    diffIds.put(d, diffId);
    return d;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String descriptor(String type, String digest, long size, String refName) {
    return "{\"mediaType\":\""
        + type
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + (refName == null
            ? ""
            : ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + refName + "\"}")
        + "}";
  }

  /** An image of {@code layers} (bottom first), named {@code ref} (or not, if null). */
  TestLayout image(String ref, List<String> layers) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String l : layers) {
      ids.add("\"" + diffIds.get(l) + "\"");
    }
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + String.join(",", ids)
                + "]}}")
            .getBytes(UTF_8);
    String configDigest = blob(config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":"
            + descriptor(
                "application/vnd.oci.image.config.v1+json", configDigest, config.length, null)
            + ",\"layers\":["
            + String.join(",", layers)
            + "]}";
    byte[] m = manifest.getBytes(UTF_8);
    manifests.add(descriptor("application/vnd.oci.image.manifest.v1+json", blob(m), m.length, ref));
    return this;
  }

  /** Writes index.json and oci-layout. */
  Path write() throws IOException {
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[" + String.join(",", manifests) + "]}");
    return dir;
  }
}
