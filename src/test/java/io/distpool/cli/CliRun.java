package io.distpool.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/** Runs {@code distpool} in-process with captured output, as a user would see it. */
record CliRun(int exitCode, String out, String err) {

  static CliRun runWithInput(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new BufferedReader(new StringReader(stdin)),
            new PrintWriter(out),
            new PrintWriter(err),
            env);
    return new CliRun(code, out.toString(), err.toString());
  }

  static CliRun run(Map<String, String> env, String... args) {
    return runWithInput(env, "", args);
  }
}
