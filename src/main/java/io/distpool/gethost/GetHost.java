package io.distpool.gethost;

import io.distpool.protocol.Request;
import io.distpool.protocol.SocketPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gethost COMMAND [ARGS...]}: lease the best host and run COMMAND (normally {@code distcc
 * gcc ...}) with distcc pointed at it, or locally when there is none.
 *
 * <p>This runs once per compiled file, so it loads only the protocol classes: no picocli, no
 * Jackson, no SSH. A build never fails or hangs because of the scheduler: every failure to get a
 * slot means compiling locally.
 */
public final class GetHost {
  static final int USAGE = 2;
  static final int CANNOT_RUN = 127;

  private GetHost() {}

  public static void main(String[] args) {
    if ("1".equals(System.getenv("DISTPOOL_GETHOST_TRAINING"))) {
      try {
        Training.exercise();
      } catch (Exception e) {
        System.err.println("gethost: training run failed: " + e);
      }
    }
    System.exit(run(args, System.getenv(), System.err));
  }

  /** The compiler a command runs, when it is distcc's. */
  static Optional<CompilerIdentity.Identified> compiler(Options options, Map<String, String> env) {
    return CompileClassifier.isDistcc(options.command())
        ? CompilerIdentity.identify(options.command(), env)
        : Optional.empty();
  }

  /** The lease to ask for: the command's compiler, if known, and the tags asked for. */
  static Request.Lease request(
      Options options, Optional<CompilerIdentity.Identified> compiler, Map<String, String> env) {
    Optional<Request.Compiler> named =
        compiler.isPresent() ? Optional.of(compiler.get().compiler()) : Optional.empty();
    return new Request.Lease(
        options.maxWait(), named, options.tags(), Caller.user(env), Caller.host(env));
  }

  static int run(String[] args, Map<String, String> env, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args, env);
    } catch (Options.UsageException e) {
      err.println("gethost: " + e.getMessage());
      err.println(Options.USAGE);
      return USAGE;
    }
    if (options.help()) {
      System.out.println(Options.USAGE);
      return 0;
    }
    if (options.version()) {
      String version = GetHost.class.getPackage().getImplementationVersion();
      System.out.println("gethost (distpool) " + (version == null ? "dev" : version));
      return 0;
    }
    // No lambdas or method references here: each costs this short-lived JVM a round of
    // method-handle spinning.
    Optional<Path> socketOption =
        options.socket().isPresent()
            ? Optional.of(Path.of(options.socket().get()))
            : Optional.empty();
    Path socket = SocketPaths.resolve(socketOption, env);
    try (LeaseClient client = new LeaseClient()) {
      CompileClassifier.Scan job = CompileClassifier.classify(options.command());
      Optional<String> local = job.localReason();
      Optional<CompilerIdentity.Identified> compiler =
          local.isPresent() ? Optional.empty() : compiler(options, env);
      Placement placement =
          local.isPresent()
              ? Placement.local(local.get())
              : client.lease(socket, request(options, compiler, env));
      boolean directivesOnly =
          DirectivesOnly.applies(placement, options.command(), job.source(), compiler, env);
      if (options.verbose()) {
        if (client.skipped() != null) {
          err.println("gethost: " + client.skipped());
        }
        err.println(
            "gethost: " + placement.description() + (directivesOnly ? DirectivesOnly.NOTE : ""));
      }
      long start = System.nanoTime();
      int status =
          ChildProcess.run(
              directivesOnly ? DirectivesOnly.insert(options.command()) : options.command(),
              placement.environment());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      if (!placement.remote()
          || !CompileClassifier.isDistcc(options.command())
          || !DistccExit.notCompiled(status)) {
        client.reportDone(status, elapsed);
        return status;
      }
      // distcc could not use the host: free the slot, say so, and compile here instead, with the
      // command as it was given (-fdirectives-only only pays where another machine compiles).
      client.reportDone(status, elapsed, DistccExit.hostFault(status));
      client.close();
      Placement here =
          Placement.local("distcc exited " + status + " on " + placement.description());
      if (options.verbose()) {
        err.println("gethost: " + here.description());
      }
      return ChildProcess.run(options.command(), here.environment());
    } catch (IOException e) {
      err.println("gethost: cannot run " + options.command().get(0) + ": " + e.getMessage());
      return CANNOT_RUN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 128 + 2;
    }
  }
}
