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
 * <p>It also asks whether the compiler preprocesses with gcc's {@code -fdirectives-only} as distcc
 * needs ({@link DirectivesOnly}): gcc does, clang and other compilers called "gcc" or "cc" do not.
 *
 * <p>Asking the compiler costs a few milliseconds, too much for every compile, so answers are
 * cached in {@code $XDG_CACHE_HOME/distpool/compilers} by path, modification time and size: a cache
 * hit is a stat and a small read. Tab-separated lines: path, mtime in ms, size, target, version,
 * and {@code yes} or {@code no} for {@code -fdirectives-only}. A line without that last field
 * (written before it existed) is no hit: the compiler is asked again and the line replaced. The
 * native client reads and writes the same file.
 */
final class CompilerIdentity {
  static final String CACHE_FILE = "compilers";
  private static final long ASK_LIMIT_SECONDS = 10;

  /** Defined on the command line of the {@code -fdirectives-only} question. */
  static final String PROBE_MACRO = "DISTPOOL_DIRECTIVES_ONLY_PROBE";

  /** Bytes of output the {@code -fdirectives-only} question may have; gcc 12's are 23 kB. */
  static final int PROBE_OUTPUT_LIMIT = 1 << 20;

  /** How the cache says whether the compiler takes {@code -fdirectives-only}. */
  private static final String YES = "yes";

  private static final String NO = "no";

  private CompilerIdentity() {}

  /**
   * The compiler a job runs, as the LEASE names it, and whether it takes {@code -fdirectives-only}.
   */
  record Identified(Request.Compiler compiler, boolean directivesOnly) {}

  /**
   * The word naming the compiler in {@code distcc gcc ...}; {@code cc} for {@code distcc -c x.c},
   * where distcc itself puts {@code cc} in front.
   */
  static Optional<String> compilerWord(List<String> command) {
    if (command.size() < 2) {
      return Optional.empty();
    }
    String word = command.get(1);
    return Optional.of(CompileClassifier.namesCompiler(word) ? word : "cc");
  }

  /** The compiler {@code command} runs, or empty when it cannot be found or asked. */
  static Optional<Identified> identify(List<String> command, Map<String, String> env) {
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
        return Optional.of(identified(word.get(), cached.get()));
      }
      Optional<String[]> asked = ask(path.get());
      if (asked.isPresent()) {
        remember(cache, key + "\t" + String.join("\t", asked.get()));
        return Optional.of(identified(word.get(), asked.get()));
      }
    } catch (IOException e) {
      // Unidentified, the job simply goes to any host, as plain distcc would send it.
    }
    return Optional.empty();
  }

  /** From {target, version, yes or no}, as a cache line or {@link #ask} has them. */
  private static Identified identified(String word, String[] answers) {
    return new Identified(
        new Request.Compiler(word, answers[0], answers[1]), answers[2].equals(YES));
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
        if (rest.length == 3 && (rest[2].equals(YES) || rest[2].equals(NO))) {
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

  /**
   * {target, version, yes or no} from the compiler itself; whether it takes {@code
   * -fdirectives-only} is asked only once it has said what it is.
   */
  static Optional<String[]> ask(Path compiler) throws IOException {
    String target = run(List.of(compiler.toString(), "-dumpmachine"));
    String version;
    if (!target.isEmpty()) {
      version = run(List.of(compiler.toString(), "-dumpfullversion", "-dumpversion"));
      if (version.isEmpty() || version.contains(" ")) {
        return Optional.empty();
      }
    } else {
      version = run(List.of(compiler.toString(), "-V")).replaceFirst("^[^ ]+: ", "");
      target = run(List.of("uname", "-p"));
      if (version.isEmpty() || target.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new String[] {target, version, takesDirectivesOnly(compiler) ? YES : NO});
  }

  /**
   * Whether the compiler preprocesses with {@code -fdirectives-only} the way distcc needs: {@code
   * COMPILER -fdirectives-only -E -x c /dev/null -DDISTPOOL_DIRECTIVES_ONLY_PROBE} exits 0 and its
   * output defines that macro. distcc strips {@code -D}, {@code -I} and the like from what it sends
   * to the build host, so the command line's macros have to travel in the {@code .i}: gcc (since
   * 4.3) writes every macro there; clang since 15 takes the option but leaves them out, and the
   * host's compile then fails; older clang (macOS's "gcc" and "cc" too) fails on the option. A
   * compiler that does not answer within the limit of the other questions, or says more than {@link
   * #PROBE_OUTPUT_LIMIT} bytes, says no.
   */
  static boolean takesDirectivesOnly(Path compiler) {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  compiler.toString(),
                  DirectivesOnly.FLAG,
                  "-E",
                  "-x",
                  "c",
                  "/dev/null",
                  "-D" + PROBE_MACRO)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return false;
    }
    byte[] output = output(process);
    // Bytes as they are (ISO-8859-1), as the native client compares them.
    return output != null
        && output.length <= PROBE_OUTPUT_LIMIT
        && ("\n" + new String(output, StandardCharsets.ISO_8859_1))
            .contains("\n#define " + PROBE_MACRO + " 1\n");
  }

  /** The first line the command prints (stdout and stderr), or "" on failure. */
  private static String run(List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] output = output(process);
    if (output == null) {
      return "";
    }
    String text = new String(output, StandardCharsets.UTF_8).strip();
    int newline = text.indexOf('\n');
    String first = newline < 0 ? text : text.substring(0, newline).strip();
    return first.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? first : "";
  }

  /**
   * All that {@code process} writes to its output, or null when it fails or is not done within the
   * limit (it is killed then). The output is read on a thread of its own, so that the limit holds
   * however it hangs: a command that neither exits nor closes its output (nor one that leaves a
   * child holding it open) stalls nothing.
   */
  private static byte[] output(Process process) {
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
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return null;
    }
    return drain.out.toByteArray();
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
