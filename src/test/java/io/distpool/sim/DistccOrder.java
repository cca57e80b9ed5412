package io.distpool.sim;

/**
 * Plain distcc: {@code DISTCC_HOSTS} lists every host with its CPU count as limit; each job takes
 * the first host in list order with a free slot. It knows nothing of speed, load or desktops.
 */
final class DistccOrder extends SlotPolicy {
  @Override
  public String name() {
    return "distcc (list order)";
  }

  @Override
  protected int choose() {
    for (int h = 0; h < used.length; h++) {
      if (used[h] < slots(h)) {
        return h;
      }
    }
    return -1;
  }
}
