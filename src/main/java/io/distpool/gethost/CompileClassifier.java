package io.distpool.gethost;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Predicts whether distcc would run a command line locally anyway, so no slot is leased for it.
 *
 * <p>Build systems call {@code $CC} for much more than compiles: version checks, preprocessing,
 * dependency generation, linking, configure probes. distcc runs all of those here; a remote slot
 * leased for them only keeps another job off the host. The rules mirror distcc 3.x's {@code
 * dcc_scan_args}: a job goes out only with {@code -c} or {@code -S}, exactly one source file (not
 * an autoconf {@code conftest.*}), at most one output, and none of the options distcc keeps local.
 */
final class CompileClassifier {
  /** distcc's {@code dcc_is_source}, as built without remote assembly (the default). */
  private static final Set<String> SOURCE_SUFFIXES =
      Set.of("i", "ii", "c", "cc", "cpp", "cxx", "cp", "c++", "C", "m", "mm", "mi", "mii", "M");

  private CompileClassifier() {}

  /** Whether {@code command} runs distcc. */
  static boolean isDistcc(List<String> command) {
    return !command.isEmpty() && baseName(command.get(0)).equals("distcc");
  }

  /**
   * Whether {@code word}, the first after {@code distcc}, names the compiler: distcc puts {@code
   * cc} in front itself when it starts with {@code -} or is a source file ({@code distcc -c x.c}).
   */
  static boolean namesCompiler(String word) {
    return !word.startsWith("-") && !isSource(word);
  }

  /**
   * What one scan of a command line found.
   *
   * @param localReason empty when the command should get a slot; otherwise why it will run locally.
   *     Commands that are not distcc always get a slot: gethost cannot know what they do.
   * @param source the one source file distcc sends out; empty when distcc runs it here or it is no
   *     distcc command
   */
  record Scan(Optional<String> localReason, Optional<String> source) {
    static final Scan NOT_DISTCC = new Scan(Optional.empty(), Optional.empty());

    static Scan local(String reason) {
      return new Scan(Optional.of(reason), Optional.empty());
    }

    static Scan sends(String source) {
      return new Scan(Optional.empty(), Optional.of(source));
    }
  }

  /** Scans {@code command} once for both what distcc will do with it and what it sends out. */
  static Scan classify(List<String> command) {
    return isDistcc(command) ? scan(command) : Scan.NOT_DISTCC;
  }

  /** {@link Scan#localReason()} of {@code command}. */
  static Optional<String> localReason(List<String> command) {
    return classify(command).localReason();
  }

  private static Scan scan(List<String> command) {
    List<String> args = command.subList(1, command.size());
    if (args.isEmpty()) {
      return Scan.local("no compiler arguments: distcc runs it here");
    }
    if (namesCompiler(args.get(0))) {
      args = args.subList(1, args.size());
    }
    boolean compiles = false;
    String input = null;
    String output = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("-")) {
        Optional<String> refused = refusedOption(a);
        if (refused.isPresent()) {
          return Scan.local(refused.get());
        }
        if (a.equals("-c") || a.equals("-S")) {
          compiles = true;
        } else if (a.equals("-MF") || a.equals("-MT") || a.equals("-MQ")) {
          i++;
        } else if (a.equals("-o") || (a.startsWith("-o") && a.length() > 2)) {
          String file =
              a.equals("-o") ? (i + 1 < args.size() ? args.get(++i) : "") : a.substring(2);
          if (output != null) {
            return Scan.local("two outputs (a link?): distcc runs it here");
          }
          output = file;
        }
      } else if (isSource(a)) {
        if (input != null) {
          return Scan.local("two source files: distcc runs it here");
        }
        input = a;
      } else if (a.endsWith(".o")) {
        if (output != null) {
          return Scan.local("two outputs (a link?): distcc runs it here");
        }
        output = a;
      }
    }
    if (!compiles) {
      return Scan.local("not a compile (no -c or -S): distcc runs it here");
    }
    if (input == null) {
      return Scan.local("no source file it distributes: distcc runs it here");
    }
    String base = baseName(input);
    if (base.startsWith("conftest.") || base.startsWith("tmp.conftest.")) {
      return Scan.local("autoconf test: distcc runs it here");
    }
    if ("-".equals(output)) {
      return Scan.local("output to stdout: distcc runs it here");
    }
    return Scan.sends(input);
  }

  private static Optional<String> refusedOption(String a) {
    if (a.equals("-E")) {
      return Optional.of("-E only preprocesses: distcc runs it here");
    }
    if (a.startsWith("-M")
        && !a.equals("-MD")
        && !a.equals("-MMD")
        && !a.equals("-MG")
        && !a.equals("-MP")
        && !a.startsWith("-MF")
        && !a.startsWith("-MT")
        && !a.startsWith("-MQ")) {
      return Optional.of(a + " only lists dependencies: distcc runs it here");
    }
    if (a.startsWith("-x")
        || a.startsWith("-dr")
        || a.startsWith("-specs=")
        || a.equals("-frepo")
        || a.equals("-fprofile-arcs")
        || a.equals("-ftest-coverage")
        || a.equals("--coverage")
        || a.equals("-march=native")
        || a.equals("-mtune=native")
        || (a.startsWith("-Wa,") && (a.contains(",-a") || a.contains("--MD")))) {
      return Optional.of("distcc keeps " + a + " local: it runs here");
    }
    return Optional.empty();
  }

  static boolean isSource(String path) {
    String base = baseName(path);
    int dot = base.lastIndexOf('.');
    return dot >= 0 && SOURCE_SUFFIXES.contains(base.substring(dot + 1));
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
