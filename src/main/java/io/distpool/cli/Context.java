package io.distpool.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.Map;

/** What every command gets from outside: environment, input and output streams. */
record Context(Map<String, String> env, BufferedReader in, PrintWriter out, PrintWriter err) {
  Context {
    env = Map.copyOf(env);
  }
}
