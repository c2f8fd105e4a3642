package io.github.squashtree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.compression.LzoOptions;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import io.github.squashtree.core.tree.Names;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.tree.TreeBuilder;
import io.github.squashtree.core.tree.TreeBuilder.Attributes;
import io.github.squashtree.core.write.FragmentMode;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriterOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command's --json output holds to its schema in docs/json, field by field. */
class JsonSchemaTest {
  private static final String BASE = "https://github.com/squashtree/squashtree/docs/json/";
  private static final Path DOCS = Path.of("../docs/json").toAbsolutePath().normalize();
  private static final byte[] LATIN1_NAME = {'/', 'c', 'a', 'f', (byte) 0xE9};

  @TempDir Path dir;

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          b -> b.schemaMappers(m -> m.mapPrefix(BASE, DOCS.toUri().toString())));

  private JsonSchema schema(String name) {
    return factory.getSchema(SchemaLocation.of(BASE + name));
  }

  private static void assertValid(JsonSchema schema, String json) {
    Set<ValidationMessage> errors = schema.validate(json, InputFormat.JSON);
    assertTrue(errors.isEmpty(), errors + " in " + json);
  }

  /** Every entry type, xattrs, a name and a symlink target that are not UTF-8. */
  private static Tree everyType(int mode, String content) {
    String latin1 = Names.decode(LATIN1_NAME);
    return new TreeBuilder()
        .directory("/d", Attributes.of(mode).xattr("user.note", new byte[] {0, (byte) 0xff}))
        .file("/d/f", content.getBytes(StandardCharsets.UTF_8), Attributes.FILE)
        .file(latin1, new byte[0], Attributes.of(0600).owner(1000, 100))
        .symlink("/d/l", latin1, Attributes.SYMLINK)
        .hardLink("/d/h", "/d/f")
        .charDevice("/null", 1, 3, Attributes.of(0666))
        .blockDevice("/sda", 8, 0, Attributes.of(0660))
        .fifo("/p", Attributes.of(0644).mtime(Instant.ofEpochSecond(1_700_000_000)))
        .socket("/s", Attributes.of(0755))
        .build();
  }

  private Path image(String name, Tree tree, Compression c, CompressorOptions o) throws Exception {
    Path image = dir.resolve(name);
    SquashfsWriter.write(tree, image, WriterOptions.defaults().withCompression(c, o));
    return image;
  }

  @Test
  void lsJson() throws Exception {
    Path image = image("all.sqfs", everyType(0755, "a"), Compression.GZIP, null);
    CliRun r = CliRun.of("ls", "--json", "-R", image.toString());
    assertEquals(0, r.code(), r.err());
    JsonSchema ls = schema("ls.schema.json");
    List<String> lines = r.out().lines().toList();
    assertEquals(10, lines.size(), r.out());
    for (String line : lines) {
      assertValid(ls, line);
    }
    // The name that is not UTF-8 comes back byte for byte, and so does the symlink's target.
    String b64 = Base64.getEncoder().encodeToString(LATIN1_NAME);
    assertTrue(r.out().contains("\"path_b64\":\"" + b64 + "\""), r.out());
    assertTrue(r.out().contains("\"target_b64\":\"" + b64 + "\""), r.out());
    assertTrue(Arrays.equals(LATIN1_NAME, Base64.getDecoder().decode(b64)));
    assertFalse(r.out().contains("\"path_b64\":\"" + encode("/d/f")), "only where needed");
  }

  @Test
  void infoJsonForEveryCodecAndItsOptions() throws Exception {
    JsonSchema info = schema("info.schema.json");
    List<Object[]> cases =
        List.of(
            new Object[] {Compression.GZIP, null, null},
            new Object[] {
              Compression.GZIP,
              new GzipOptions(6, 15, GzipOptions.FILTERED | GzipOptions.HUFFMAN_ONLY),
              "{\"level\":6,\"window_size\":15,\"strategies\":[\"filtered\",\"huffman_only\"]}"
            },
            new Object[] {
              Compression.XZ,
              new XzOptions(65536, XzOptions.X86 | XzOptions.ARM),
              "{\"dictionary_size\":65536,\"filters\":[\"x86\",\"arm\"]}"
            },
            new Object[] {Compression.ZSTD, new ZstdOptions(19), "{\"level\":19}"},
            new Object[] {
              // the only lzo the writer makes (aircompressor's LZO1X-1); lzo1x_999 alone has
              // levels, so none is written for it, as unsquashfs -s prints none (other lzo
              // algorithms: SqfsCommandsIT, on mksquashfs's images)
              Compression.LZO, new LzoOptions(LzoOptions.LZO1X_1, 0), "{\"algorithm\":\"lzo1x_1\"}"
            },
            new Object[] {
              Compression.LZ4,
              new Lz4Options(Lz4Options.LEGACY_VERSION, Lz4Options.HC),
              "{\"version\":1,\"high_compression\":true}"
            },
            new Object[] {Compression.LZMA, null, null});
    for (Object[] c : cases) {
      Compression codec = (Compression) c[0];
      Path image =
          image(codec.label() + ".sqfs", everyType(0755, "a"), codec, (CompressorOptions) c[1]);
      CliRun r = CliRun.of("info", "--json", image.toString());
      assertEquals(0, r.code(), r.err());
      assertValid(info, r.out());
      if (c[2] != null) {
        assertTrue(r.out().contains("\"compressor_options\":" + c[2]), r.out());
      } else {
        assertFalse(r.out().contains("compressor_options\":"), r.out());
      }
      assertFalse(r.out().contains(":-1"), "no sentinel values: " + r.out());
    }
    // Without xattrs, fragments or an export table, their table starts are absent.
    Path bare = dir.resolve("bare.sqfs");
    SquashfsWriter.write(
        new TreeBuilder().file("/f", new byte[200_000], Attributes.FILE).build(),
        bare,
        WriterOptions.defaults()
            .withXattrs(false)
            .withExportTable(false)
            .withFragments(FragmentMode.NONE));
    CliRun r = CliRun.of("info", "--json", bare.toString());
    assertValid(info, r.out());
    for (String table : List.of("xattr_id_table_start", "export_table_start")) {
      assertFalse(r.out().contains(table), r.out());
    }
  }

  @Test
  void diffJsonOfEveryKindOfChange() throws Exception {
    Path before = image("before.sqfs", everyType(0755, "a"), Compression.GZIP, null);
    Tree changed =
        new TreeBuilder()
            .directory("/d", Attributes.of(0700).xattr("user.note", new byte[] {1}))
            .file("/d/f", "bb".getBytes(StandardCharsets.UTF_8), Attributes.of(0644).owner(5, 6))
            .symlink("/d/l", "elsewhere", Attributes.SYMLINK)
            .directory("/d/new", Attributes.DIRECTORY)
            .charDevice("/null", 1, 5, Attributes.of(0666))
            .file("/sda", new byte[] {1}, Attributes.FILE)
            .fifo("/p", Attributes.of(0644).mtime(Instant.ofEpochSecond(1_800_000_000)))
            .build();
    Path after = image("after.sqfs", changed, Compression.GZIP, null);
    CliRun r =
        CliRun.of("diff", "--checksum", "--format", "json", after.toString(), before.toString());
    assertEquals(1, r.code(), r.err());
    JsonSchema change = schema("change.schema.json");
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.size() >= 8, r.out());
    for (String line : lines) {
      assertValid(change, line);
    }
    String out = r.out();
    for (String kind : List.of("add", "delete", "replace", "modify", "metadata")) {
      assertTrue(out.contains("\"change\":\"" + kind + "\""), kind + ": " + out);
    }
    assertTrue(out.contains("\"old\":{\"mode\":493,\"xattrs\":{\"user.note\":\"AP8=\"}}"), out);
    assertTrue(out.contains("\"old\":{\"mtime\":1700000000},\"new\":{\"mtime\":1800000000}"), out);
    assertTrue(out.contains("\"rdev_major\":1,\"rdev_minor\":5"), out);
    assertTrue(
        out.contains(
            "\"path_b64\":\""
                + Base64.getEncoder().encodeToString(Arrays.copyOfRange(LATIN1_NAME, 1, 5))
                + "\""),
        out);
  }

  /**
   * sync and apply print their changes through the same printer as diff: each line holds to the
   * change schema, and the name that is not UTF-8 comes back byte for byte.
   */
  @Test
  void syncAndApplyJsonHoldToTheChangeSchema() throws Exception {
    Path image = image("new.sqfs", everyType(0755, "a"), Compression.GZIP, null);
    Path merged = Files.createDirectories(dir.resolve("merged/d"));
    Files.writeString(merged.resolve("f"), "old content");
    Files.writeString(merged.resolve("gone"), "x");
    Path lower = image("lower.sqfs", everyType(0700, "b"), Compression.GZIP, null);
    Path upper = Files.createDirectories(dir.resolve("upper"));
    JsonSchema change = schema("change.schema.json");
    String b64 = Base64.getEncoder().encodeToString(Arrays.copyOfRange(LATIN1_NAME, 1, 5));
    List<CliRun> runs =
        List.of(
            // Dry runs: the plan is printed as it would be made, without root for the devices.
            CliRun.of(
                "sync",
                "--dry-run",
                "--format",
                "json",
                image.toString(),
                merged.getParent().toString()),
            CliRun.of(
                "apply",
                "--dry-run",
                "--format",
                "json",
                image.toString(),
                lower.toString(),
                upper.toString()));
    for (CliRun r : runs) {
      assertEquals(0, r.code(), r.err());
      List<String> lines = r.out().lines().toList();
      assertTrue(lines.size() >= 2, r.out());
      for (String line : lines) {
        assertValid(change, line);
      }
    }
    String sync = runs.get(0).out();
    assertTrue(sync.contains("\"path_b64\":\"" + b64 + "\""), sync);
    assertTrue(sync.contains("\"change\":\"delete\""), sync);
    assertTrue(sync.contains("\"change\":\"add\""), sync);
    // The directory whose mode changed is copied up into UPPER: an add there.
    String apply = runs.get(1).out();
    assertTrue(apply.contains("{\"path\":\"d\",\"change\":\"add\",\"type\":\"dir\""), apply);
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
