package io.github.squashtree.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;

/** "YYYY-MM-DD hh:mm" in the local time zone, remembered per minute of the image's clock. */
final class DateColumn {
  private static final int MAX_CACHED = 1 << 16;
  private final ZoneRules rules = ZoneId.systemDefault().getRules();
  private final Map<Long, byte[]> cache = new HashMap<>();

  byte[] format(long epochSeconds) {
    // Zone offsets are whole minutes since the 1970s, so a UTC minute is one local minute.
    long minute = Math.floorDiv(epochSeconds, 60);
    byte[] s = cache.get(minute);
    if (s == null) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      s = render(epochSeconds);
      cache.put(minute, s);
    }
    return s;
  }

  private byte[] render(long epochSeconds) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(
            epochSeconds, 0, rules.getOffset(Instant.ofEpochSecond(epochSeconds)));
    byte[] s = new byte[16];
    int year = t.getYear();
    put(s, 0, year / 100, 2);
    put(s, 2, year % 100, 2);
    s[4] = '-';
    put(s, 5, t.getMonthValue(), 2);
    s[7] = '-';
    put(s, 8, t.getDayOfMonth(), 2);
    s[10] = ' ';
    put(s, 11, t.getHour(), 2);
    s[13] = ':';
    put(s, 14, t.getMinute(), 2);
    return s;
  }

  private static void put(byte[] s, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      s[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
