package io.distpool.gethost;

/**
 * What distcc's own exit statuses (100 to 118, from its {@code exitcode.h}) say about a job sent to
 * a host with {@code DISTCC_FALLBACK=0}: distcc gave up before a compiler ran there, so the job
 * still has to be compiled. A compile that ran and failed exits with the compiler's status (1, or 4
 * for an internal compiler error) instead.
 */
final class DistccExit {
  static final int FIRST = 100;
  static final int LAST = 118;

  /** distcc's EXIT_BAD_ARGUMENTS: a problem with this command line, not with the host. */
  static final int BAD_ARGUMENTS = 101;

  /** distcc's EXIT_RECURSION: distcc called itself as the compiler; nothing to do with hosts. */
  static final int RECURSION = 111;

  private DistccExit() {}

  /** distcc failed to distribute the job: it has to be compiled again, here. */
  static boolean notCompiled(int status) {
    return status >= FIRST && status <= LAST;
  }

  /** distcc failed because of the host or the way to it, so the host should be avoided. */
  static boolean hostFault(int status) {
    return notCompiled(status) && status != BAD_ARGUMENTS && status != RECURSION;
  }
}
