package io.distpool.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How fast a host compiles: the wall time of compiling {@link CalibrationSource} there, the best of
 * two runs (the first also warms the disk cache). The scheduler turns it into a speed.
 */
public sealed interface Calibration {
  /** The remote command; the script comes on stdin, like the probe's. */
  String COMMAND = "/bin/sh -s";

  /** The calibration script with its C file inside. */
  byte[] SCRIPT = Script.load();

  /**
   * The host compiled the file in {@code seconds} (best run) with {@code compiler}; {@code
   * timedThere} is false when the host had no clock finer than a second and the time was taken on
   * this side, round trips included.
   */
  record Timed(double seconds, String compiler, boolean timedThere) implements Calibration {}

  record Failed(String reason) implements Calibration {}

  /**
   * Reads the script's output; {@code elapsedHere} is how long the whole exec took as seen from
   * here, used when the host cannot time itself.
   */
  static Calibration parse(String output, double elapsedHere) {
    String compiler = null;
    double best = Double.POSITIVE_INFINITY;
    int runs = 0;
    int untimed = 0;
    for (String line : output.split("\n", -1)) {
      String[] word = line.trim().split("\\s+");
      switch (word[0]) {
        case "error":
          return new Failed(line.trim().substring("error".length()).trim());
        case "compiler":
          compiler = word.length > 1 ? word[1] : "?";
          break;
        case "run":
          runs++;
          double seconds = word.length == 3 ? seconds(word[1], word[2]) : Double.NaN;
          if (Double.isNaN(seconds)) {
            untimed++;
          } else {
            best = Math.min(best, seconds);
          }
          break;
        default:
          break;
      }
    }
    if (compiler == null || runs == 0) {
      return new Failed("no calibration output" + shortened(output));
    }
    if (untimed > 0) {
      return new Timed(elapsedHere / runs, compiler, false);
    }
    return new Timed(Math.max(best, 1e-3), compiler, true);
  }

  private static double seconds(String start, String end) {
    try {
      double s = Double.parseDouble(start);
      double e = Double.parseDouble(end);
      return e >= s ? e - s : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String shortened(String output) {
    String text = output.strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() > 120 ? text.substring(0, 120) + "..." : text);
  }

  /** A one-line description for logs. */
  default String describe() {
    if (this instanceof Timed) {
      Timed t = (Timed) this;
      return String.format(Locale.ROOT, "%.3f s with %s", t.seconds(), t.compiler());
    }
    return "failed: " + ((Failed) this).reason();
  }

  /** Loads calibrate.sh and puts the generated C file into its here-document. */
  final class Script {
    private Script() {}

    static byte[] load() {
      try (InputStream in = Calibration.class.getResourceAsStream("calibrate.sh")) {
        if (in == null) {
          throw new IllegalStateException("calibrate.sh is missing from the jar");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String source = CalibrationSource.TEXT;
        if (source.contains(CalibrationSource.DELIMITER)) {
          throw new IllegalStateException("calibration source contains its delimiter");
        }
        return text.replace("@@SOURCE@@\n", source).getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
