package io.github.squashtree.maven;

import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.SquashfsWriter;
import io.github.squashtree.core.write.WriteResult;
import io.github.squashtree.core.write.WriterOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * What the goals that write an image share: the codec and block size, reproducible times from
 * {@code project.build.outputTimestamp}, the up-to-date check, logging, and attaching the image.
 */
abstract class AbstractImageMojo extends AbstractMojo {
  /** Codec: gzip, xz, zstd, lz4, lzo or lzma. */
  @Parameter(property = "squashtree.compression", defaultValue = "gzip")
  String compression;

  /** Compression level: gzip 1-9 (9), zstd 1-22 (15); lzo has none (lzo1x_1). */
  @Parameter(property = "squashtree.level")
  Integer level;

  /**
   * What compresses gzip: libdeflate (smaller, about a third of the CPU) or zlib (mksquashfs's
   * bytes). The two give other bytes.
   */
  @Parameter(property = "squashtree.deflate", defaultValue = "libdeflate")
  String deflate;

  /** Data block size, 4K to 1M, a power of two. */
  @Parameter(property = "squashtree.blockSize", defaultValue = "128K")
  String blockSize;

  /** Attach the image to the project, so that install and deploy carry it (type {@code sqfs}). */
  @Parameter(property = "squashtree.attach", defaultValue = "true")
  boolean attach;

  /** Skip the goal. */
  @Parameter(property = "squashtree.skip", defaultValue = "false")
  boolean skip;

  /**
   * Seconds since the epoch or an ISO-8601 date-time: when set, the image's creation time, and
   * later mtimes are clamped to it (as mksquashfs does with SOURCE_DATE_EPOCH), so the same sources
   * give the same bytes.
   */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  String outputTimestamp;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  @Component MavenProjectHelper projectHelper;

  /** The goal's name, for messages. */
  abstract String goal();

  /** The settings of the goal that shape the image (for the up-to-date check). */
  List<String> config(WriterOptions options) {
    List<String> c = new ArrayList<>();
    c.add(plugin == null ? "squashtree" : plugin.getId());
    c.add(goal());
    c.add(options.toString());
    return c;
  }

  WriterOptions writerOptions() throws MojoFailureException {
    return ImageSettings.writerOptions(
        goal(), compression, level, deflate, blockSize, outputTimestamp);
  }

  /**
   * Writes {@code tree} to {@code image} unless the stamp says the image was made from the same
   * inputs, then attaches it.
   */
  void writeOrKeep(Tree tree, File image, WriterOptions options, List<String> config, String what)
      throws MojoExecutionException, MojoFailureException {
    Path target = image.toPath().toAbsolutePath();
    Path stamp =
        Path.of(
            project.getBuild().getDirectory(),
            "squashtree",
            goal() + "-" + target.getFileName() + ".stamp");
    try {
      InputStamp inputs = InputStamp.of(tree, config);
      if (inputs.matches(stamp, target)) {
        getLog().info("Image " + target + " is up to date (" + what + " unchanged): not written");
      } else {
        Files.createDirectories(target.getParent());
        getLog()
            .info(
                "Writing "
                    + target
                    + " from "
                    + what
                    + " ("
                    + Sizes.human(inputs.contentBytes())
                    + " of files, "
                    + options.compression().label()
                    + ", "
                    + options.blockSize() / 1024
                    + " KiB blocks)");
        long started = System.nanoTime();
        WriteResult r =
            SquashfsWriter.write(
                tree, target, options, new LogProgress(getLog(), inputs.contentBytes()));
        inputs.record(stamp, target);
        getLog()
            .info(
                String.format(
                    java.util.Locale.ROOT,
                    "Wrote %s: %s, %d files, %d directories, %d symlinks, %d special, %d duplicates,"
                        + " %d blocks copied (%.1f s)",
                    target.getFileName(),
                    Sizes.human(r.imageBytes()),
                    r.files(),
                    r.directories(),
                    r.symlinks(),
                    r.specialFiles(),
                    r.duplicateFiles(),
                    r.reusedBlocks(),
                    (System.nanoTime() - started) / 1e9));
      }
    } catch (IOException e) {
      throw new MojoExecutionException(
          "squashtree:" + goal() + ": " + target + ": " + e.getMessage(), e);
    }
  }

  void attach(File image, String classifier) {
    if (!attach) {
      return;
    }
    if (classifier == null || classifier.isBlank()) {
      projectHelper.attachArtifact(project, "sqfs", image);
    } else {
      projectHelper.attachArtifact(project, "sqfs", classifier, image);
    }
  }
}
