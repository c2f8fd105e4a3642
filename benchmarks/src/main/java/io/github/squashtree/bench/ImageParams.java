package io.github.squashtree.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The image parameters the reader benchmarks share: a generated image, or an existing one. */
@State(Scope.Benchmark)
public abstract class ImageParams {
  @Param({"gzip"})
  public String codec;

  @Param({"64"})
  public int megabytes;

  /** An existing image to use instead of a generated one (then codec and megabytes are unused). */
  @Param({""})
  public String imageFile;

  /** The image these parameters name, generated and cached on first use. */
  protected Path imagePath() throws IOException {
    return BenchImages.image(imageFile, codec, megabytes);
  }
}
