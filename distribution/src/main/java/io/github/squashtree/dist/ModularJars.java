package io.github.squashtree.dist;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The jars sqfs runs on as explicit modules, which jlink needs. Most are (squashtree's own,
 * picocli, xz, zstd-jni); an automatic one gets the descriptor written for it in {@code
 * src/modules/NAME/}, compiled against the jar and added to a copy of it. A new automatic
 * dependency without one fails the build, naming the file to write.
 */
final class ModularJars {
  private ModularJars() {}

  /** The jar in {@code jars} whose file name starts with {@code prefix}. */
  static Path jar(Path jars, String prefix) throws IOException {
    try (Stream<Path> s = Files.list(jars)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow(() -> new IOException("no " + prefix + "*.jar in " + jars));
    }
  }

  /** Returns a directory of modular jars made from the jars in {@code jars}. */
  static Path prepare(Path jars, Path descriptors, Path work) throws IOException {
    Path mods = Files.createDirectories(work.resolve("modules"));
    Map<String, Path> automatic = new TreeMap<>();
    List<Path> all;
    try (Stream<Path> s = Files.list(jars)) {
      all = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    for (Path jar : all) {
      ModuleDescriptor d = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
      if (d.isAutomatic()) {
        automatic.put(d.name(), jar);
      } else {
        Natives.copyForPlatform(jar, mods.resolve(jar.getFileName()));
      }
    }
    for (Map.Entry<String, Path> e : automatic.entrySet()) {
      String name = e.getKey();
      Path source = descriptors.resolve(name).resolve("module-info.java");
      if (!Files.isRegularFile(source)) {
        throw new IOException(
            e.getValue().getFileName()
                + " is an automatic module ("
                + name
                + "), which jlink cannot link: write its descriptor in "
                + source);
      }
      Path classes = work.resolve("descriptors").resolve(name);
      Tools.jdk(
          "javac", // against the original jar: the descriptor is the same for every platform
          List.of(
              "-nowarn",
              "-d",
              classes.toString(),
              "--module-path",
              mods.toString(),
              "--patch-module",
              name + "=" + e.getValue(),
              source.toString()));
      Path jar = mods.resolve(name + ".jar");
      Natives.copyForPlatform(e.getValue(), jar);
      Tools.jdk(
          "jar",
          List.of(
              "--update", "--file", jar.toString(), "-C", classes.toString(), "module-info.class"));
    }
    return mods;
  }
}
