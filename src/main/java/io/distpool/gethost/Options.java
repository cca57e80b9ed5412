package io.distpool.gethost;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * gethost's own options, which end at the first word that is not one: everything from there on is
 * the command, so {@code gethost distcc gcc -v -c x.c} passes {@code -v} to gcc.
 */
record Options(
    boolean verbose,
    Duration maxWait,
    Optional<String> socket,
    List<String> tags,
    List<String> command,
    boolean help,
    boolean version) {

  static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);
  static final String USAGE =
      String.join(
          "\n",
          "Usage: gethost [-v] [--wait SECONDS] [--tag TAG]... [--socket PATH] [--] COMMAND"
              + " [ARG...]",
          "Lease the best build host from the distpool daemon and run COMMAND (normally",
          "'distcc gcc ...') with DISTCC_HOSTS set for it; compile locally when the daemon",
          "is not running or has no slot within --wait (default 2 s, or $DISTPOOL_WAIT).",
          "  -v, --verbose     say which host was chosen and why, on stderr",
          "  --wait SECONDS    longest wait for a free slot (decimals allowed)",
          "  --tag TAG         only hosts with this tag in hosts.yaml (repeatable; also",
          "                    $DISTPOOL_TAGS, comma-separated)",
          "  --socket PATH     the daemon's socket (default: $DISTPOOL_SOCKET, ...)",
          "  -h, --help        this text;  -V, --version  the version",
          "Exit status: COMMAND's; 2 for bad usage; 127 when COMMAND cannot be run.");

  Options {
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(socket, "socket");
    tags = List.copyOf(tags);
    command = List.copyOf(command);
  }

  /** A user error on gethost's own command line. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static Options parse(String[] args, Map<String, String> env) throws UsageException {
    boolean verbose = false;
    Duration wait = null;
    String socket = null;
    List<String> tags = new java.util.ArrayList<>();
    int i = 0;
    for (; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        i++;
        break;
      } else if (a.equals("-h") || a.equals("--help")) {
        return new Options(
            false, DEFAULT_WAIT, Optional.empty(), List.of(), List.of(), true, false);
      } else if (a.equals("-V") || a.equals("--version")) {
        return new Options(
            false, DEFAULT_WAIT, Optional.empty(), List.of(), List.of(), false, true);
      } else if (a.equals("-v") || a.equals("--verbose")) {
        verbose = true;
      } else if (a.equals("--wait") || a.equals("--socket") || a.equals("--tag")) {
        if (i + 1 >= args.length) {
          throw new UsageException(a + " needs a value");
        }
        if (a.equals("--wait")) {
          wait = seconds(args[++i], "--wait");
        } else if (a.equals("--tag")) {
          tags.add(tag(args[++i]));
        } else {
          socket = args[++i];
        }
      } else if (a.startsWith("--tag=")) {
        tags.add(tag(a.substring(6)));
      } else if (a.startsWith("--wait=")) {
        wait = seconds(a.substring(7), "--wait");
      } else if (a.startsWith("--socket=")) {
        socket = a.substring(9);
      } else if (a.startsWith("-") && a.length() > 1) {
        throw new UsageException("unknown option " + a + " (options go before COMMAND)");
      } else {
        break;
      }
    }
    if (i >= args.length) {
      throw new UsageException("no COMMAND given");
    }
    if (wait == null) {
      String fromEnv = env.get("DISTPOOL_WAIT");
      wait =
          fromEnv == null || fromEnv.isEmpty() ? DEFAULT_WAIT : seconds(fromEnv, "DISTPOOL_WAIT");
    }
    if (tags.isEmpty()) {
      String fromEnv = env.get("DISTPOOL_TAGS");
      if (fromEnv != null && !fromEnv.isEmpty()) {
        for (String t : fromEnv.split(",")) {
          tags.add(tag(t.trim()));
        }
      }
    }
    return new Options(
        verbose,
        wait,
        Optional.ofNullable(socket),
        tags,
        List.of(args).subList(i, args.length),
        false,
        false);
  }

  /** A tag as hosts.yaml allows them: letters, digits and . _ + - . */
  private static String tag(String text) throws UsageException {
    if (!text.matches("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")) {
      throw new UsageException("'" + text + "' is not a tag (letters, digits, . _ + -)");
    }
    return text;
  }

  private static Duration seconds(String text, String what) throws UsageException {
    try {
      if (!text.matches("\\d{1,5}(\\.\\d{1,3})?|\\.\\d{1,3}")) {
        throw new NumberFormatException();
      }
      double seconds = Double.parseDouble(text);
      if (seconds > 86_400) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    } catch (NumberFormatException e) {
      throw new UsageException(
          what + " must be a number of seconds from 0 to 86400, not '" + text + "'");
    }
  }
}
