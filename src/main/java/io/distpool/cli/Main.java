package io.distpool.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;

/** The {@code distpool} command. {@code main} only runs and exits; see {@link #run}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Charset charset = Charset.defaultCharset();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, charset));
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, in, out, err, System.getenv()));
  }

  /**
   * Runs one command line and returns its exit code: 0 ok, 1 the operation failed, 2 bad usage or
   * bad input.
   */
  public static int run(
      String[] args, BufferedReader in, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Logging.configure(args);
    int code = Cli.commandLine(new Context(env, in, out, err)).execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
