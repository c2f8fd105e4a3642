package io.github.squashtree.maven;

import io.github.squashtree.core.host.DirectoryTree;
import io.github.squashtree.core.host.HostAccounts;
import io.github.squashtree.core.tree.MetadataOverrides;
import io.github.squashtree.core.tree.PathFilter;
import io.github.squashtree.core.tree.PseudoDefinitions;
import io.github.squashtree.core.tree.Tree;
import io.github.squashtree.core.write.WriterOptions;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Makes a SquashFS image of a directory, as {@code sqfs mk} (and mksquashfs) would: mksquashfs's
 * defaults, filters, pseudo definitions and owners; reproducible when {@code
 * project.build.outputTimestamp} is set; not written again while neither the directory nor the
 * configuration changed.
 */
@Mojo(name = "mk", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class MkMojo extends AbstractImageMojo {
  /** The directory to image. */
  @Parameter(property = "squashtree.source", required = true)
  File source;

  /** The image to write. */
  @Parameter(
      property = "squashtree.image",
      defaultValue = "${project.build.directory}/${project.build.finalName}.sqfs",
      required = true)
  File image;

  /**
   * Globs of entries to keep even where an exclude matches (tried before the excludes). Globs are
   * anchored at the source directory: {@code *} {@code ?} {@code [..]} within a name, a {@code **}
   * component across directories.
   */
  @Parameter List<String> includes;

  /** Globs of entries to leave out; a directory goes with everything below it. */
  @Parameter List<String> excludes;

  /**
   * Pseudo definitions in mksquashfs's {@code -p} syntax, e.g. {@code /dev/console c 600 0 0 5 1}.
   */
  @Parameter List<String> pseudo;

  /** The root directory's permissions, octal (mksquashfs -root-mode). */
  @Parameter String rootMode;

  /** The root directory's owner, {@code UID:GID} (mksquashfs -root-uid/-root-gid). */
  @Parameter String rootOwner;

  /** Every entry's owner, {@code UID:GID} (mksquashfs -force-uid/-force-gid). */
  @Parameter String forceOwner;

  /** Classifier of the attached image; none by default. */
  @Parameter String classifier;

  @Override
  String goal() {
    return "mk";
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("squashtree:mk skipped");
      return;
    }
    if (source == null || !source.isDirectory()) {
      throw ImageSettings.bad(goal(), "source", "not a directory: " + source);
    }
    WriterOptions options = writerOptions();
    PathFilter filter = filter();
    PseudoDefinitions definitions = pseudo();
    MetadataOverrides overrides = overrides();
    List<String> config = config(options);
    config.add(filter.toString());
    config.addAll(pseudo == null ? List.of() : pseudo);
    config.add(overrides.toString());
    try (Tree dir = DirectoryTree.open(source.toPath())) {
      Tree view = overrides.apply(definitions.apply(filter.apply(dir), w -> getLog().warn(w)));
      writeOrKeep(view, image, options, config, source.toString());
    } catch (IOException e) {
      throw new MojoExecutionException("squashtree:mk: " + source + ": " + e.getMessage(), e);
    }
    attach(image, classifier);
  }

  private PathFilter filter() throws MojoFailureException {
    PathFilter.Builder b = PathFilter.builder();
    for (String glob : includes == null ? List.<String>of() : includes) {
      try {
        b.include(glob);
      } catch (IllegalArgumentException e) {
        throw ImageSettings.bad(goal(), "includes", e.getMessage());
      }
    }
    for (String glob : excludes == null ? List.<String>of() : excludes) {
      try {
        b.exclude(glob);
      } catch (IllegalArgumentException e) {
        throw ImageSettings.bad(goal(), "excludes", e.getMessage());
      }
    }
    return b.build();
  }

  private PseudoDefinitions pseudo() throws MojoFailureException, MojoExecutionException {
    PseudoDefinitions all = PseudoDefinitions.NONE;
    HostAccounts accounts = HostAccounts.system();
    for (String d : pseudo == null ? List.<String>of() : pseudo) {
      try {
        all = all.plus(PseudoDefinitions.parse(d.trim(), accounts));
      } catch (IllegalArgumentException e) {
        throw ImageSettings.bad(goal(), "pseudo", e.getMessage());
      } catch (IOException e) {
        throw new MojoExecutionException("squashtree:mk: reading accounts: " + e.getMessage(), e);
      }
    }
    return all;
  }

  private MetadataOverrides overrides() throws MojoFailureException, MojoExecutionException {
    MetadataOverrides o = MetadataOverrides.NONE;
    try {
      if (rootMode != null) {
        o = o.withRootMode(mode(rootMode));
      }
      if (rootOwner != null) {
        OptionalLong[] ids = owner("rootOwner", rootOwner);
        o = o.withRootOwner(ids[0], ids[1]);
      }
      if (forceOwner != null) {
        OptionalLong[] ids = owner("forceOwner", forceOwner);
        o = o.withForceOwner(ids[0], ids[1]);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("squashtree:mk: reading accounts: " + e.getMessage(), e);
    }
    return o;
  }

  private int mode(String text) throws MojoFailureException {
    try {
      int m = Integer.parseInt(text.trim(), 8);
      if (m >= 0 && m <= 07777) {
        return m;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ImageSettings.bad(goal(), "rootMode", "not an octal mode from 0 to 7777: '" + text + "'");
  }

  /** "UID:GID", either part a number or a name in /etc/passwd and /etc/group, or empty. */
  private OptionalLong[] owner(String parameter, String text)
      throws MojoFailureException, IOException {
    String t = text.trim();
    int colon = t.indexOf(':');
    if (colon < 0 || t.indexOf(':', colon + 1) >= 0 || t.equals(":")) {
      throw ImageSettings.bad(goal(), parameter, "expected UID:GID, UID: or :GID, not '" + t + "'");
    }
    HostAccounts accounts = HostAccounts.system();
    List<OptionalLong> ids = new ArrayList<>();
    for (int part = 0; part < 2; part++) {
      String s = part == 0 ? t.substring(0, colon) : t.substring(colon + 1);
      if (s.isEmpty()) {
        ids.add(OptionalLong.empty());
        continue;
      }
      OptionalLong id;
      if (s.chars().allMatch(Character::isDigit) && s.length() <= 10) {
        long n = Long.parseLong(s);
        id = n <= 0xFFFFFFFFL ? OptionalLong.of(n) : OptionalLong.empty();
      } else {
        id = part == 0 ? accounts.uid(s) : accounts.gid(s);
      }
      if (id.isEmpty()) {
        throw ImageSettings.bad(
            goal(), parameter, "unknown " + (part == 0 ? "user" : "group") + " '" + s + "'");
      }
      ids.add(id);
    }
    return ids.toArray(OptionalLong[]::new);
  }
}
