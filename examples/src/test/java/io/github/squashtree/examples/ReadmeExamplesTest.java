package io.github.squashtree.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java example in the README is one of these classes, whole: a {@code <!-- file: PATH -->}
 * line, then a java block with exactly that file's text. So every example compiles and runs.
 */
class ReadmeExamplesTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final Pattern QUOTE =
      Pattern.compile("<!-- file: (\\S+) -->\\n```java\\n(.*?)```\\n", Pattern.DOTALL);

  @Test
  void everyJavaBlockOfTheReadmeIsAnExampleFileWhole() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher m = QUOTE.matcher(readme);
    List<String> quoted = new ArrayList<>();
    while (m.find()) {
      Path file = REPO.resolve(m.group(1));
      assertTrue(Files.isRegularFile(file), "README quotes a missing file: " + file);
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), m.group(2), m.group(1));
      quoted.add(m.group(1));
    }
    long javaBlocks = readme.lines().filter(l -> l.equals("```java")).count();
    assertEquals(javaBlocks, quoted.size(), "java blocks that quote no example file");
    List<String> examples;
    try (Stream<Path> files =
        Files.list(REPO.resolve("examples/src/main/java/io/github/squashtree/examples"))) {
      examples =
          files
              .filter(p -> !p.getFileName().toString().equals("package-info.java"))
              .map(p -> REPO.relativize(p).toString())
              .sorted()
              .toList();
    }
    assertFalse(examples.isEmpty());
    assertEquals(examples, quoted.stream().sorted().toList(), "every example is in the README");
  }
}
