package io.github.squashtree.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Number formats the commands print, without {@code String.format}: its first use in a process
 * loads the locale data, about 35 ms here against 1.5 for this (a short command's start-up).
 */
final class Numbers {
  private Numbers() {}

  /** {@code numerator / denominator} rounded half up to two decimals, as printf's {@code %.2f}. */
  static String twoPlaces(long numerator, long denominator) {
    return twoPlaces(BigInteger.valueOf(numerator), denominator);
  }

  /** {@code 100 * part / whole} to two decimals. */
  static String percent(long part, long whole) {
    return twoPlaces(BigInteger.valueOf(part).multiply(BigInteger.valueOf(100)), whole);
  }

  private static String twoPlaces(BigInteger numerator, long denominator) {
    return new BigDecimal(numerator)
        .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP)
        .toPlainString();
  }

  /** {@code digits} with zeros in front up to {@code width}, as {@code %0Nd} or {@code %0No}. */
  static String zeroPadded(String digits, int width) {
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
