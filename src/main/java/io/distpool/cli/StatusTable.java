package io.distpool.cli;

import io.distpool.protocol.HostStatus;
import io.distpool.protocol.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link StatusReport} as the aligned table {@code distpool status} prints. */
final class StatusTable {
  private static final String[] HEADER = {
    "HOST",
    "STATE",
    "OS",
    "CPUS",
    "LOAD1",
    "DESKTOP",
    "FREE/SLOTS",
    "LEASED",
    "SPEED",
    "RANK",
    "COMPILERS",
    "ERROR"
  };

  private StatusTable() {}

  /** One line on this machine as a candidate for jobs. */
  static String local(StatusReport.LocalStatus l) {
    if (l.slots() == 0) {
      return "this machine: never chosen for jobs (local: slots: 0)";
    }
    String speed =
        String.format(Locale.ROOT, "speed %.2f (%s", l.speed(), l.speedSource())
            + (l.calibrationSeconds() == null
                ? ""
                : String.format(Locale.ROOT, ", %.2fs to compile", l.calibrationSeconds()))
            + (l.calibrationError() == null ? "" : "; calibration " + l.calibrationError())
            + ")";
    return String.format(
        Locale.ROOT,
        "this machine: %s, up to %d compile(s) here when faster, %d running; %s",
        l.cpus() == null ? "not probed yet" : l.cpus() + " CPUs" + quota(l.cpuQuota()),
        l.slots(),
        l.running(),
        speed);
  }

  /** {@code " (cgroup quota 0.5)"}: cores a CPU quota allows, or nothing where none is set. */
  private static String quota(Double cores) {
    return cores == null ? "" : " (cgroup quota " + cores(cores) + ")";
  }

  /** 0.25, 1.5, 2: cores without trailing zeros. */
  private static String cores(double cores) {
    return java.math.BigDecimal.valueOf(Math.round(cores * 100) / 100.0)
        .stripTrailingZeros()
        .toPlainString();
  }

  static String render(StatusReport report) {
    StringBuilder out = new StringBuilder();
    if (report.hosts().isEmpty()) {
      out.append(
          report.inventoryExists()
              ? "No hosts in " + report.inventory() + ": every compile runs locally.\n"
              : "No inventory at "
                  + report.inventory()
                  + ": every compile runs locally.\n"
                  + "Copy hosts.example.yaml there and list your build hosts; the daemon picks it "
                  + "up by itself.\n");
    } else {
      List<String[]> rows = new ArrayList<>();
      rows.add(HEADER);
      for (HostStatus host : report.hosts()) {
        rows.add(row(host));
      }
      out.append(align(rows));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%d leased, %d waiting; inventory %s%n",
            report.leased(),
            report.waiting(),
            report.inventory()));
    if (report.local() != null && !report.hosts().isEmpty()) {
      out.append(local(report.local())).append('\n');
    }
    if (!report.clients().isEmpty()) {
      out.append(clients(report.clients()));
    }
    if (report.inventoryError() != null) {
      out.append("hosts.yaml was edited but has errors; still using the previous version:\n");
      for (String line : report.inventoryError().split("\n")) {
        out.append("  ").append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** Who holds and waits for slots: one line per user and client machine. */
  static String clients(List<StatusReport.ClientStatus> clients) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"USER", "CLIENT", "LEASED", "WAITING"});
    for (StatusReport.ClientStatus c : clients) {
      rows.add(
          new String[] {
            c.user(), c.client(), Integer.toString(c.leased()), Integer.toString(c.waiting())
          });
    }
    return align(rows);
  }

  private static String[] row(HostStatus h) {
    return new String[] {
      h.name(),
      h.state(),
      h.os() == null ? "-" : h.os() + (h.arch() == null ? "" : "/" + h.arch()),
      h.cpus() == null ? "-" : h.cpus() + (h.cpuQuota() == null ? "" : "/" + cores(h.cpuQuota())),
      h.load1() == null ? "-" : String.format(Locale.ROOT, "%.2f", h.load1()),
      desktop(h),
      h.free() + "/" + h.slots(),
      Integer.toString(h.leased()),
      String.format(Locale.ROOT, "%.2f", h.speed()),
      h.rank() == null ? "-" : h.rank().toString(),
      compilers(h),
      h.error() == null ? "" : h.error()
    };
  }

  private static String desktop(HostStatus h) {
    if (h.desktopActive() == null) {
      return "-";
    }
    String idle = h.idleMinutes() == null ? "?" : h.idleMinutes() + "m";
    if (h.desktopActive()) {
      String who = h.desktopUser() != null ? h.desktopUser() : localUser(h);
      String kept = h.reserved() < h.slots() ? ", " + h.reserved() + " kept" : "";
      return "in use: " + who + " " + idle + kept;
    }
    String who = localUser(h);
    if (who == null) {
      return h.desktop() ? "free" : "-";
    }
    return "idle: " + who + " " + idle;
  }

  /** {@code cc,gcc 12.2.0; clang 14.0.6}: names grouped by version, in the order found. */
  private static String compilers(HostStatus h) {
    if (h.compilers().isEmpty()) {
      return "-";
    }
    java.util.Map<String, java.util.List<String>> byVersion = new java.util.LinkedHashMap<>();
    for (HostStatus.CompilerStatus c : h.compilers()) {
      byVersion.computeIfAbsent(c.version(), v -> new java.util.ArrayList<>()).add(c.name());
    }
    StringBuilder text = new StringBuilder();
    byVersion.forEach(
        (version, names) ->
            text.append(text.length() == 0 ? "" : "; ")
                .append(String.join(",", names))
                .append(' ')
                .append(version));
    return text.toString();
  }

  private static String localUser(HostStatus h) {
    return h.users().stream()
        .filter(HostStatus.UserStatus::local)
        .map(HostStatus.UserStatus::user)
        .findFirst()
        .orElse(null);
  }

  private static String align(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        line.append(row[c]);
        if (c < columns - 1) {
          line.append(" ".repeat(width[c] - row[c].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
