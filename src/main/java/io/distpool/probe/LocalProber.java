package io.distpool.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Probes and calibrates the machine the daemon runs on, the one gethost compiles on when the
 * scheduler keeps a job here: the same scripts as for hosts, run by the local {@code /bin/sh}.
 */
public final class LocalProber {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final String shell;

  public LocalProber() {
    this("/bin/sh");
  }

  LocalProber(String shell) {
    this.shell = shell;
  }

  /** What this machine is doing now; an unknown report when the script cannot run. */
  public HostReport probe() throws InterruptedException {
    try {
      return ReportParser.parse(
          run(
              "DISTPOOL_COMPILERS=''\n".getBytes(StandardCharsets.US_ASCII),
              ProbeScript.TEXT,
              PROBE_TIMEOUT));
    } catch (IOException e) {
      return HostReport.unknown();
    }
  }

  /** Times the calibration compile here. */
  public Calibration calibrate() throws InterruptedException {
    long start = System.nanoTime();
    try {
      String output = run(new byte[0], Calibration.SCRIPT, SshProber.CALIBRATION_TIMEOUT);
      return Calibration.parse(output, (System.nanoTime() - start) / 1e9);
    } catch (IOException e) {
      return new Calibration.Failed("cannot run " + shell + ": " + e.getMessage());
    }
  }

  private String run(byte[] prefix, byte[] script, Duration timeout)
      throws IOException, InterruptedException {
    // Output goes to a file, so a script that hangs cannot block a read: the wait has a limit.
    java.nio.file.Path output = java.nio.file.Files.createTempFile("distpool-local", ".out");
    Process process =
        new ProcessBuilder(shell, "-s")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(output.toFile())
            .start();
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(prefix);
        stdin.write(script);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("no result within " + timeout.toSeconds() + "s");
      }
      try (InputStream in = java.nio.file.Files.newInputStream(output)) {
        return new String(in.readNBytes(256 * 1024), StandardCharsets.UTF_8);
      }
    } finally {
      process.destroyForcibly();
      java.nio.file.Files.deleteIfExists(output);
    }
  }
}
