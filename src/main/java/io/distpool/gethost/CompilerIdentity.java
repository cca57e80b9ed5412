package io.distpool.gethost;

import io.distpool.protocol.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which compiler a distcc command will run, so the daemon grants only hosts with the same one: its
 * name, {@code -dumpmachine} target and {@code -dumpfullversion} version (or, for compilers without
 * those, the {@code -V} banner and processor type — the probe reads hosts the same way).
 *
 * <p>Asking the compiler costs a few milliseconds, too much for every compile, so answers are
 * cached in {@code $XDG_CACHE_HOME/distpool/compilers} by path, modification time and size: a cache
 * hit is a stat and a small read. Tab-separated lines: path, mtime in ms, size, target, version.
 * The native client reads and writes the same file.
 */
final class CompilerIdentity {
  static final String CACHE_FILE = "compilers";
  private static final long ASK_LIMIT_SECONDS = 10;

  private CompilerIdentity() {}

  /**
   * The word naming the compiler in {@code distcc gcc ...}; {@code cc} for {@code distcc -c x.c},
   * where distcc itself puts {@code cc} in front.
   */
  static Optional<String> compilerWord(List<String> command) {
    if (command.size() < 2) {
      return Optional.empty();
    }
    String word = command.get(1);
    return Optional.of(word.startsWith("-") || CompileClassifier.isSource(word) ? "cc" : word);
  }

  /** The compiler {@code command} runs, or empty when it cannot be found or asked. */
  static Optional<Request.Compiler> identify(List<String> command, Map<String, String> env) {
    Optional<String> word = compilerWord(command);
    if (word.isEmpty()) {
      return Optional.empty();
    }
    Optional<Path> path = resolve(word.get(), env.get("PATH"));
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(path.get(), BasicFileAttributes.class);
      String key =
          path.get() + "\t" + attributes.lastModifiedTime().toMillis() + "\t" + attributes.size();
      Path cache = cacheDirectory(env).resolve(CACHE_FILE);
      Optional<String[]> cached = lookup(cache, key);
      if (cached.isPresent()) {
        return Optional.of(new Request.Compiler(word.get(), cached.get()[0], cached.get()[1]));
      }
      Optional<String[]> asked = ask(path.get());
      if (asked.isPresent()) {
        remember(cache, key + "\t" + asked.get()[0] + "\t" + asked.get()[1]);
        return Optional.of(new Request.Compiler(word.get(), asked.get()[0], asked.get()[1]));
      }
    } catch (IOException e) {
      // Unidentified, the job simply goes to any host, as plain distcc would send it.
    }
    return Optional.empty();
  }

  /**
   * {@code $XDG_CACHE_HOME/distpool} when that is absolute, else {@code $HOME/.cache/distpool}:
   * {@code $HOME} as the XDG spec and the native client read it, not {@code user.home}, which the
   * JVM takes from the passwd entry; that only when {@code $HOME} is not absolute either.
   */
  static Path cacheDirectory(Map<String, String> env) {
    String cache = env.get("XDG_CACHE_HOME");
    String home = env.get("HOME");
    return (cache != null && cache.startsWith("/")
            ? Path.of(cache)
            : Path.of(
                home != null && home.startsWith("/") ? home : System.getProperty("user.home"),
                ".cache"))
        .resolve("distpool");
  }

  static Optional<Path> resolve(String word, String searchPath) {
    if (word.contains("/")) {
      Path path = Path.of(word).toAbsolutePath();
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    if (searchPath == null) {
      return Optional.empty();
    }
    for (String dir : searchPath.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, word).toAbsolutePath();
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Optional<String[]> lookup(Path cache, String key) throws IOException {
    if (!Files.isRegularFile(cache)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(cache, StandardCharsets.UTF_8)) {
      if (line.startsWith(key + "\t")) {
        String[] rest = line.substring(key.length() + 1).split("\t");
        if (rest.length == 2) {
          return Optional.of(rest);
        }
      }
    }
    return Optional.empty();
  }

  /** Adds a line, keeping the file small and replacing it whole so readers never see half. */
  private static void remember(Path cache, String line) throws IOException {
    Files.createDirectories(cache.getParent());
    List<String> lines = new ArrayList<>();
    if (Files.isRegularFile(cache)) {
      lines.addAll(Files.readAllLines(cache, StandardCharsets.UTF_8));
    }
    String path = line.substring(0, line.indexOf('\t') + 1);
    lines.removeIf(l -> l.startsWith(path));
    lines.add(line);
    Path temp = Files.createTempFile(cache.getParent(), CACHE_FILE, ".tmp");
    Files.write(temp, lines.subList(Math.max(0, lines.size() - 64), lines.size()));
    Files.move(temp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** {target, version} from the compiler itself. */
  static Optional<String[]> ask(Path compiler) throws IOException {
    String target = run(List.of(compiler.toString(), "-dumpmachine"));
    if (!target.isEmpty()) {
      String version = run(List.of(compiler.toString(), "-dumpfullversion", "-dumpversion"));
      return version.isEmpty() || version.contains(" ")
          ? Optional.empty()
          : Optional.of(new String[] {target, version});
    }
    String banner = run(List.of(compiler.toString(), "-V")).replaceFirst("^[^ ]+: ", "");
    String processor = run(List.of("uname", "-p"));
    return banner.isEmpty() || processor.isEmpty()
        ? Optional.empty()
        : Optional.of(new String[] {processor, banner});
  }

  /**
   * The first line the command prints (stdout and stderr), or "" on failure. Its output is read on
   * a thread of its own, so that the limit holds however it hangs: a command that neither exits nor
   * closes its output (nor one that leaves a child holding it open) stalls nothing.
   */
  private static String run(List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    Drain drain = new Drain(process.getInputStream());
    Thread reader = new Thread(drain, "gethost-compiler-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ASK_LIMIT_SECONDS);
    try {
      boolean exited = process.waitFor(ASK_LIMIT_SECONDS, TimeUnit.SECONDS);
      reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (!exited || reader.isAlive() || drain.failed || process.exitValue() != 0) {
        process.destroyForcibly();
        return "";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return "";
    }
    String text = drain.out.toString(StandardCharsets.UTF_8).strip();
    int newline = text.indexOf('\n');
    String first = newline < 0 ? text : text.substring(0, newline).strip();
    return first.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? first : "";
  }

  /** Reads a command's output to its end; a class, not a lambda, like the rest of gethost. */
  private static final class Drain implements Runnable {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final InputStream in;
    volatile boolean failed;

    Drain(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      try (InputStream input = in) {
        input.transferTo(out);
      } catch (IOException e) {
        failed = true;
      }
    }
  }
}
