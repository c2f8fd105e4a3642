package io.github.squashtree.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.write.WriterOptions;
import java.util.OptionalLong;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class ImageSettingsTest {
  @Test
  void outputTimestampIsSecondsOrIsoAndOffWhenShort() throws Exception {
    assertEquals(
        OptionalLong.of(1_700_000_000L), ImageSettings.outputTimestamp("mk", "1700000000"));
    assertEquals(
        OptionalLong.of(1_704_067_200L),
        ImageSettings.outputTimestamp("mk", "2024-01-01T00:00:00Z"));
    assertEquals(
        OptionalLong.of(1_704_060_000L),
        ImageSettings.outputTimestamp("mk", "2024-01-01T00:00:00+02:00"));
    assertEquals(OptionalLong.empty(), ImageSettings.outputTimestamp("mk", null));
    assertEquals(OptionalLong.empty(), ImageSettings.outputTimestamp("mk", "1"));
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class, () -> ImageSettings.outputTimestamp("mk", "yesterday"));
    assertTrue(e.getMessage().contains("parameter 'outputTimestamp'"), e.getMessage());
  }

  @Test
  void settingsBecomeWriterOptionsAndBadOnesNameTheirParameter() throws Exception {
    WriterOptions o =
        ImageSettings.writerOptions("mk", "zstd", 3, "libdeflate", "64K", "1700000000");
    assertEquals(Compression.ZSTD, o.compression());
    assertEquals(new ZstdOptions(3), o.compressorOptions());
    assertEquals(65536, o.blockSize());
    assertEquals(OptionalLong.of(1_700_000_000L), o.mkfsTime());
    assertEquals(OptionalLong.of(1_700_000_000L), o.clampTime());
    assertEquals(
        OptionalLong.empty(),
        ImageSettings.writerOptions("mk", "gzip", null, "libdeflate", "128K", "").clampTime());
    assertEquals(
        DeflateImplementation.LIBDEFLATE,
        ImageSettings.writerOptions("mk", "gzip", 6, "libdeflate", "128K", "").deflate());
    assertEquals(
        DeflateImplementation.ZLIB,
        ImageSettings.writerOptions("mk", "gzip", null, "zlib", "128K", "").deflate());
    String[][] bad = {
      {"brotli", null, "128K", "compression", "libdeflate"},
      {"gzip", "10", "128K", "level", "libdeflate"},
      {"lz4", "3", "128K", "level", "libdeflate"},
      {"lzo", "8", "128K", "level", "libdeflate"},
      {"gzip", null, "3000", "blockSize", "libdeflate"},
      {"gzip", null, "2M", "blockSize", "libdeflate"},
      {"gzip", null, "lots", "blockSize", "libdeflate"},
      {"gzip", null, "128K", "deflate", "zopfli"},
    };
    for (String[] b : bad) {
      MojoFailureException e =
          assertThrows(
              MojoFailureException.class,
              () ->
                  ImageSettings.writerOptions(
                      "mk", b[0], b[1] == null ? null : Integer.valueOf(b[1]), b[4], b[2], null));
      assertTrue(
          e.getMessage().startsWith("squashtree:mk: parameter '" + b[3] + "'"), e.getMessage());
    }
  }
}
