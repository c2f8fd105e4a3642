package io.github.squashtree.examples;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Images through java.nio.file alone, no squashtree type: java ImageFiles IMAGE COPY NEW_IMAGE
 * lists IMAGE, copies its /etc/hostname to COPY, and makes NEW_IMAGE.
 */
public final class ImageFiles {
  public static void main(String[] args) throws Exception {
    // Read: the provider takes any file that starts with the SquashFS magic (zip files still go
    // to zipfs); nothing is mounted, nothing is extracted.
    try (FileSystem image = FileSystems.newFileSystem(Path.of(args[0]))) {
      try (Stream<Path> all = Files.walk(image.getPath("/"))) {
        for (Path p : (Iterable<Path>) all::iterator) {
          PosixFileAttributes a =
              Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          System.out.printf(
              "%s %s %s %d %s%n",
              PosixFilePermissions.toString(a.permissions()), a.owner(), a.group(), a.size(), p);
        }
      }
      Path hostname = image.getPath("/etc/hostname");
      if (Files.isRegularFile(hostname)) {
        Files.copy(hostname, Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    // Create: the URI form with create=true (the Path form would ask zipfs first and make a
    // zip); the tree written through NIO becomes an image when the file system closes.
    URI uri = URI.create("squashfs:" + Path.of(args[2]).toAbsolutePath().toUri());
    Map<String, String> env = Map.of("create", "true", "blockSize", "64K", "mtime", "0");
    try (FileSystem out = FileSystems.newFileSystem(uri, env)) {
      Path bin = Files.createDirectories(out.getPath("/opt/app/bin"));
      Files.writeString(bin.resolve("run"), "#!/bin/sh\necho hello\n");
      Files.setPosixFilePermissions(
          bin.resolve("run"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setAttribute(bin.resolve("run"), "unix:uid", 1000);
      Files.createSymbolicLink(out.getPath("/opt/app/current"), out.getPath("bin"));
    }
  }
}
