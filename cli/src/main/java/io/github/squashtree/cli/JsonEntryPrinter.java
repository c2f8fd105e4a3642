package io.github.squashtree.cli;

import io.github.squashtree.core.internal.format.DeviceInode;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.format.Inode;
import io.github.squashtree.core.internal.format.SymlinkInode;
import io.github.squashtree.core.internal.read.ImageReader;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * One JSON object per line: path, type, mode (permission bits), uid, gid, mtime, inode, nlink, then
 * size (files), target (symlinks) or rdev_major/rdev_minor (devices), and xattrs (name to base64
 * value, always present); path_b64 and target_b64 with the bytes of a name that is not UTF-8.
 * docs/json/ls.schema.json describes it.
 */
final class JsonEntryPrinter implements EntryPrinter {
  private final ImageReader image;
  private final LineWriter w;
  private final Base64.Encoder base64 = Base64.getEncoder();

  JsonEntryPrinter(ImageReader image, LineWriter w) {
    this.image = image;
    this.w = w;
  }

  @Override
  public void print(byte[] path, int from, Inode inode) throws IOException {
    w.ch('{');
    Json.name(w, "path", path);
    w.ascii(",\"type\":\"").ascii(inode.entryType().label());
    w.ascii("\",\"mode\":").num(inode.header().permissions());
    w.ascii(",\"uid\":").num(image.uid(inode));
    w.ascii(",\"gid\":").num(image.gid(inode));
    w.ascii(",\"mtime\":").num(inode.header().mtime());
    w.ascii(",\"inode\":").num(inode.inodeNumber());
    w.ascii(",\"nlink\":").num(inode.nlink());
    if (inode instanceof FileInode f) {
      w.ascii(",\"size\":").num(f.fileSize());
    } else if (inode instanceof SymlinkInode s) {
      w.ch(',');
      Json.name(w, "target", s.target());
    } else if (inode instanceof DeviceInode d) {
      w.ascii(",\"rdev_major\":").num(d.major());
      w.ascii(",\"rdev_minor\":").num(d.minor());
    }
    w.ascii(",\"xattrs\":{");
    boolean first = true;
    for (Map.Entry<String, byte[]> x : image.xattrs(inode).entrySet()) {
      if (!first) {
        w.ch(',');
      }
      first = false;
      Json.string(w, x.getKey());
      w.ch(':').ch('"').bytes(base64.encode(x.getValue())).ch('"');
    }
    w.ascii("}}\n");
  }
}
