package io.github.squashtree.core.internal.codec;

import com.github.luben.zstd.ZstdException;

/** Recognises zstd error codes in the exceptions zstd-jni throws. */
final class ZstdErrors {
  private ZstdErrors() {}

  static boolean is(RuntimeException e, long code) {
    return e instanceof ZstdException z && z.getErrorCode() == code;
  }
}
