package io.distpool.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the probe script's output into its {@code @@section}s and reads each one.
 *
 * <p>Never throws: what cannot be read stays unknown and its raw text goes to {@link
 * HostReport#unparsed()}. Output a login script printed before the first marker is skipped.
 */
public final class ReportParser {
  static final String START = "@@distpool-probe";
  static final String END = "@@end";
  private static final int MAX_RAW = 160;
  private static final int MAX_UNPARSED = 20;
  private static final Pattern RUNQ = Pattern.compile("\\(RUNQ: (\\d{1,9}) ");

  private ReportParser() {}

  public static HostReport parse(String output) {
    List<String> unparsed = new ArrayList<>();
    Map<String, List<String>> sections = split(output, unparsed);
    List<String> uname = sections.getOrDefault("uname", List.of());
    Optional<CpuCount> cpus =
        CpuCountParser.parse(
            sections.getOrDefault("cpus", List.of()), line -> keep(unparsed, "cpus", line));
    Optional<Loads> loads = loads(sections, unparsed);
    OptionalInt runQueue = loads.map(Loads::runQueue).orElse(OptionalInt.empty());
    if (runQueue.isEmpty()) {
      runQueue = runQueue(sections.getOrDefault("runq", List.of()), unparsed);
    }
    List<Session> sessions = sessions(sections, unparsed); // unparsed lines keep section order
    Map<String, OptionalInt> procs =
        processCounts(sections.getOrDefault("procs", List.of()), unparsed);
    return new HostReport(
        line(uname, 0),
        line(uname, 1),
        line(sections.getOrDefault("release", List.of()), 0),
        line(uname, 2),
        cpus.map(c -> OptionalInt.of(c.count())).orElse(OptionalInt.empty()),
        cpus.map(CpuCount::source),
        loads.map(l -> OptionalDouble.of(l.load1())).orElse(OptionalDouble.empty()),
        loads.map(l -> OptionalDouble.of(l.load5())).orElse(OptionalDouble.empty()),
        loads.map(l -> OptionalDouble.of(l.load15())).orElse(OptionalDouble.empty()),
        runQueue,
        sessions,
        procs.getOrDefault("compilers", OptionalInt.empty()),
        toolchains(sections.getOrDefault("toolchains", List.of()), unparsed),
        unparsed,
        procs.getOrDefault("distccd_inetd", OptionalInt.empty()),
        CpuQuotaParser.parse(
            sections.getOrDefault("cpuquota", List.of()),
            line -> keep(unparsed, "cpuquota", line)));
  }

  private static List<Toolchain> toolchains(List<String> lines, List<String> unparsed) {
    List<Toolchain> toolchains = new ArrayList<>();
    for (String line : lines) {
      Optional<Toolchain> toolchain = ToolchainParser.parse(line);
      if (toolchain.isPresent()) {
        toolchains.add(toolchain.get());
      } else {
        keep(unparsed, "toolchains", line);
      }
    }
    return toolchains;
  }

  private static List<Session> sessions(Map<String, List<String>> sections, List<String> unparsed) {
    List<Session> sessions = new ArrayList<>();
    for (String line : sections.getOrDefault("who", List.of())) {
      Optional<Session> session = WhoParser.parse(line);
      if (session.isPresent()) {
        sessions.add(session.get());
      } else {
        keep(unparsed, "who", line);
      }
    }
    for (String line : sections.getOrDefault("w", List.of())) {
      Optional<Session> session = WhoParser.parseW(line);
      if (session.isPresent()) {
        sessions.add(session.get());
      } else {
        keep(unparsed, "w", line);
      }
    }
    return sessions;
  }

  /**
   * FreeBSD's {@code vm.vmtotal}: {@code "Processes: (RUNQ: 3 Disk Wait: 0 Page Wait: 0 Sleep:
   * 61)"}, counting the sysctl that asked, as Linux's run queue counts its reader.
   */
  private static OptionalInt runQueue(List<String> lines, List<String> unparsed) {
    for (String line : lines) {
      Matcher m = RUNQ.matcher(line);
      OptionalInt running = m.find() ? Decimal.count(m.group(1), 1_000_000) : OptionalInt.empty();
      if (running.isPresent()) {
        return OptionalInt.of(Math.max(0, running.getAsInt() - 1));
      }
      keep(unparsed, "runq", line);
    }
    return OptionalInt.empty();
  }

  private static Map<String, List<String>> split(String output, List<String> unparsed) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    boolean started = false;
    boolean ended = false;
    List<String> current = null;
    for (String raw : output.split("\r?\n", -1)) {
      String line = raw.strip();
      if (!started) {
        started = line.startsWith(START);
        continue;
      }
      if (line.equals(END)) {
        ended = true;
        break;
      }
      if (line.startsWith("@@")) {
        current = sections.computeIfAbsent(line.substring(2), k -> new ArrayList<>());
      } else if (current != null && !line.isEmpty()) {
        current.add(line);
      }
    }
    if (!started) {
      keep(unparsed, "output", output.isBlank() ? "(empty)" : output.strip());
    } else if (!ended) {
      keep(unparsed, "output", "truncated before " + END);
    }
    return sections;
  }

  private static Optional<Loads> loads(Map<String, List<String>> sections, List<String> unparsed) {
    for (String line : sections.getOrDefault("loadavg", List.of())) {
      Optional<Loads> loads = LoadavgParser.parse(line);
      if (loads.isPresent()) {
        return loads;
      }
      keep(unparsed, "loadavg", line);
    }
    for (String line : sections.getOrDefault("uptime", List.of())) {
      Optional<Loads> loads = UptimeParser.parse(line);
      if (loads.isPresent()) {
        return loads;
      }
      keep(unparsed, "uptime", line);
    }
    return Optional.empty();
  }

  private static final java.util.Set<String> PROCESS_COUNTS =
      java.util.Set.of("compilers", "distccd", "distccd_inetd");

  /**
   * The {@code procs} section's {@code "<what> <count>"} lines, by what they count; a line that
   * does not fit is kept in {@code unparsed} and its count stays unknown.
   */
  private static Map<String, OptionalInt> processCounts(List<String> lines, List<String> unparsed) {
    Map<String, OptionalInt> counts = new java.util.HashMap<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      boolean known = f.length == 2 && PROCESS_COUNTS.contains(f[0]);
      OptionalInt value = known ? Decimal.count(f[1], 10_000_000) : OptionalInt.empty();
      if (known) {
        counts.put(f[0], value);
      }
      if (value.isEmpty()) {
        keep(unparsed, "procs", line);
      }
    }
    return counts;
  }

  private static Optional<String> line(List<String> lines, int index) {
    if (index >= lines.size()) {
      return Optional.empty();
    }
    String line = lines.get(index);
    return line.length() <= 100 && line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
        ? Optional.of(line)
        : Optional.empty();
  }

  private static void keep(List<String> unparsed, String section, String raw) {
    if (unparsed.size() >= MAX_UNPARSED) {
      return;
    }
    String clean =
        raw.codePoints()
            .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    if (clean.length() > MAX_RAW) {
      clean = clean.substring(0, MAX_RAW) + "...";
    }
    unparsed.add(section + ": " + clean);
  }
}
