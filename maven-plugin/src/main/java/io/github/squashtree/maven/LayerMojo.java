package io.github.squashtree.maven;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.image.SquashfsImage;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriterOptions;
import io.github.squashtree.overlay.DeltaLayer;
import io.github.squashtree.overlay.LayerOptions;
import io.github.squashtree.overlay.WhiteoutStyle;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Makes an overlayfs delta layer, as {@code sqfs layer} does: only what differs between a base
 * image and a new tree, with whiteouts for what was deleted, so that {@code mount -t overlay -o
 * lowerdir=LAYER:BASE} shows the new tree. The base is a file or an artifact resolved through
 * Maven.
 */
@Mojo(name = "layer", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class LayerMojo extends AbstractImageMojo {
  private static final Pattern COORDINATE = Pattern.compile("[^:/\\\\\\s]+(:[^:/\\\\\\s]*){2,4}");

  /** The directory the layer brings the base to. */
  @Parameter(property = "squashtree.newTree", required = true)
  File newTree;

  /**
   * The image (or directory) the layer goes over: a path, or an artifact {@code
   * groupId:artifactId[:extension[:classifier]]:version} (extension {@code sqfs} by default)
   * resolved from the project's repositories.
   */
  @Parameter(property = "squashtree.base", required = true)
  String base;

  /** The layer image to write. */
  @Parameter(
      property = "squashtree.image",
      defaultValue = "${project.build.directory}/${project.build.finalName}-layer.sqfs",
      required = true)
  File image;

  /** How deletions are written: {@code char} (0/0 character devices) or {@code xattr}. */
  @Parameter(property = "squashtree.whiteouts", defaultValue = "char")
  String whiteouts;

  /** Classifier of the attached layer. */
  @Parameter(defaultValue = "layer")
  String classifier;

  @Component RepositorySystem repositorySystem;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
  RepositorySystemSession repositorySession;

  @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
  List<RemoteRepository> remoteRepositories;

  @Override
  String goal() {
    return "layer";
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("squashtree:layer skipped");
      return;
    }
    if (newTree == null || !newTree.isDirectory()) {
      throw ImageSettings.bad(goal(), "newTree", "not a directory: " + newTree);
    }
    WhiteoutStyle style;
    try {
      style = WhiteoutStyle.fromLabel(whiteouts.trim());
    } catch (IllegalArgumentException e) {
      throw ImageSettings.bad(goal(), "whiteouts", e.getMessage());
    }
    WriterOptions options = writerOptions();
    Path basePath = resolveBase();
    List<String> config = config(options);
    config.add(style.toString());
    config.add(base);
    config.add(fileFacts(basePath));
    try (Tree below = openBase(basePath);
        Tree after = DirectoryTree.open(newTree.toPath())) {
      DeltaLayer layer =
          DeltaLayer.plan(below, after, LayerOptions.defaults().withWhiteouts(style));
      layer
          .leftOutAttributes()
          .forEach(
              (path, names) ->
                  getLog()
                      .warn(
                          path
                              + ": left out "
                              + String.join(", ", names)
                              + " (an overlay cannot show overlayfs's own attributes)"));
      getLog().info(layer.comparison().changes().size() + " changes from " + basePath);
      writeOrKeep(layer.tree(), image, options, config, newTree + " over " + basePath);
    } catch (IOException e) {
      throw new MojoExecutionException("squashtree:layer: " + e.getMessage(), e);
    }
    attach(image, classifier);
  }

  /** The base as a file: a path relative to the project, or an artifact resolved. */
  private Path resolveBase() throws MojoFailureException, MojoExecutionException {
    if (base == null || base.isBlank()) {
      throw ImageSettings.bad(goal(), "base", "missing");
    }
    Path asFile = project.getBasedir().toPath().resolve(base.trim());
    if (Files.exists(asFile)) {
      return asFile;
    }
    if (!COORDINATE.matcher(base.trim()).matches()) {
      throw ImageSettings.bad(
          goal(),
          "base",
          "neither a file nor groupId:artifactId[:extension[:classifier]]:version: " + base);
    }
    String[] p = base.trim().split(":");
    String coordinate =
        switch (p.length) {
          case 3 -> p[0] + ":" + p[1] + ":sqfs:" + p[2];
          default -> base.trim();
        };
    try {
      DefaultArtifact artifact = new DefaultArtifact(coordinate);
      return repositorySystem
          .resolveArtifact(
              repositorySession, new ArtifactRequest(artifact, remoteRepositories, null))
          .getArtifact()
          .getFile()
          .toPath();
    } catch (IllegalArgumentException e) {
      throw ImageSettings.bad(goal(), "base", e.getMessage());
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException(
          "squashtree:layer: parameter 'base': cannot resolve "
              + coordinate
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Tree openBase(Path p) throws IOException {
    return Files.isDirectory(p) ? DirectoryTree.open(p) : SquashfsImage.open(p);
  }

  /** Path, size and mtime of the base: a new base, or the same replaced, makes a new layer. */
  private static String fileFacts(Path p) throws MojoExecutionException {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return p.toAbsolutePath() + " " + a.size() + " " + a.lastModifiedTime().toInstant();
    } catch (IOException e) {
      throw new MojoExecutionException("squashtree:layer: " + p + ": " + e.getMessage(), e);
    }
  }
}
