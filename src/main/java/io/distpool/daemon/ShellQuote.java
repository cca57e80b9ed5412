package io.distpool.daemon;

/** Quotes a word for /bin/sh so that it stays one word and nothing in it is interpreted. */
final class ShellQuote {
  private ShellQuote() {}

  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
