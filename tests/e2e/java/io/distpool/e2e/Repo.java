package io.distpool.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout under test is: the scripts users run and the test fixtures. */
final class Repo {
  static final Path ROOT = root();

  private Repo() {}

  private static Path root() {
    String home = System.getProperty("distpool.home");
    Path root = Path.of(home != null ? home : System.getProperty("user.dir")).toAbsolutePath();
    if (!Files.isExecutable(root.resolve("scripts/distpool"))) {
      throw new IllegalStateException("not a distpool checkout: " + root);
    }
    return root;
  }

  static Path distpool() {
    return ROOT.resolve("scripts/distpool");
  }

  static Path gethost() {
    return ROOT.resolve("scripts/gethost");
  }

  static Path fixture(String name) {
    return ROOT.resolve("tests/fixtures").resolve(name);
  }
}
