package io.distpool.gethost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a job sent to a build host is preprocessed with gcc's {@code -fdirectives-only}, and the
 * command line that does it.
 *
 * <p>distcc preprocesses every job on this machine ({@code gcc ARGS -E}), macro expansion included,
 * and on a client with few cores that is what limits the build. With {@code -fdirectives-only} in
 * the arguments, this machine only resolves includes and conditionals and the build host's gcc,
 * which gets the same arguments and compiles the {@code .i} as {@code -fpreprocessed
 * -fdirectives-only}, expands the macros: about half the client's CPU per kernel object. It changes
 * how gcc preprocesses, so it is used only where it is known to work and can be turned off with
 * {@code DISTPOOL_DIRECTIVES_ONLY=0}; a job that runs here is never changed.
 */
final class DirectivesOnly {
  static final String FLAG = "-fdirectives-only";

  /** What {@code -v} adds to the placement it prints. */
  static final String NOTE = "; preprocessing with -fdirectives-only";

  /** {@code DISTPOOL_DIRECTIVES_ONLY=0} turns it off; any other value, or none, leaves it on. */
  static final String SWITCH = "DISTPOOL_DIRECTIVES_ONLY";

  /** Already preprocessed: {@code .i}, {@code .ii} and their Objective-C kinds. */
  private static final Set<String> PREPROCESSED = Set.of("i", "ii", "mi", "mii");

  /**
   * Options that already decide how the source is preprocessed, or that distcc runs here anyway
   * ({@code -save-temps} and {@code -save-temps=DIR} are one option).
   */
  private static final Set<String> CONFLICTING =
      Set.of(FLAG, "-traditional", "-traditional-cpp", "-fpreprocessed", "-E", "-M", "-MM");

  private DirectivesOnly() {}

  /**
   * Whether {@code command} gets {@code -fdirectives-only}: a distcc compile placed on a build
   * host, of one C, C++ or Objective-C source ({@code source}, as {@link CompileClassifier} found
   * it) that is not preprocessed yet, without an option that conflicts, by a compiler known to take
   * the option, and not turned off in {@code env}.
   */
  static boolean applies(
      Placement placement,
      List<String> command,
      Optional<String> source,
      Optional<CompilerIdentity.Identified> compiler,
      Map<String, String> env) {
    if (!placement.remote()
        || "0".equals(env.get(SWITCH))
        || compiler.isEmpty()
        || !compiler.get().directivesOnly()) {
      return false;
    }
    if (source.isEmpty() || PREPROCESSED.contains(suffix(source.get()))) {
      return false;
    }
    for (String word : command.subList(1, command.size())) {
      if (CONFLICTING.contains(word) || word.startsWith("-save-temps")) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code command} with {@code -fdirectives-only} right after the compiler's name, or after {@code
   * distcc} when distcc itself supplies the compiler ({@code distcc -c x.c}): distcc passes every
   * argument after the compiler to both the preprocessor here and the compiler there.
   */
  static List<String> insert(List<String> command) {
    int at = command.size() > 1 && CompileClassifier.namesCompiler(command.get(1)) ? 2 : 1;
    List<String> changed = new ArrayList<>(command.subList(0, at));
    changed.add(FLAG);
    changed.addAll(command.subList(at, command.size()));
    return changed;
  }

  private static String suffix(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
