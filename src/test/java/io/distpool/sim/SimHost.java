package io.distpool.sim;

/**
 * A build host in the simulated farm.
 *
 * @param speed work units per second on one of its cores (1.0 = the reference machine)
 * @param background CPUs' worth of other people's work always running there
 * @param desktopActive someone is at its console for the whole run
 * @param remoteOverhead seconds each remote job spends before compiling (ssh, distccd's poll)
 */
record SimHost(
    String name,
    int cpus,
    double speed,
    double background,
    boolean desktopActive,
    double remoteOverhead) {

  SimHost {
    if (cpus < 1 || !(speed > 0) || background < 0 || remoteOverhead < 0) {
      throw new IllegalArgumentException("bad host " + name);
    }
  }

  static SimHost idle(String name, int cpus, double speed) {
    return new SimHost(name, cpus, speed, 0, false, 1.1);
  }

  SimHost withBackground(double value) {
    return new SimHost(name, cpus, speed, value, desktopActive, remoteOverhead);
  }

  SimHost withDesktopActive(boolean value) {
    return new SimHost(name, cpus, speed, background, value, remoteOverhead);
  }

  SimHost withRemoteOverhead(double value) {
    return new SimHost(name, cpus, speed, background, desktopActive, value);
  }
}
