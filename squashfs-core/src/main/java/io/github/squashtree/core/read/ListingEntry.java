package io.github.squashtree.core.read;

import io.github.squashtree.core.format.MetadataRef;
import java.nio.charset.StandardCharsets;

/**
 * One name in a directory of an image.
 *
 * @param rawName the name's bytes as stored
 * @param basicType the basic inode type the listing records (1 to 7)
 * @param inodeRef reference of the inode in the inode table
 * @param inodeNumber the inode's number
 */
public record ListingEntry(byte[] rawName, int basicType, long inodeRef, long inodeNumber) {

  /** The name decoded as UTF-8 (malformed sequences become U+FFFD). */
  public String name() {
    return new String(rawName, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return name() + " -> inode " + inodeNumber + " @" + MetadataRef.toString(inodeRef);
  }
}
