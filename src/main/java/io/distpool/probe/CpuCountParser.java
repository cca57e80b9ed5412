package io.distpool.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the probe's {@code cpus} section: one {@code "<source> <count>"} line from the first tool
 * that answered, or the CPU lines of HP-UX's {@code machinfo}, each prefixed {@code machinfo}.
 *
 * <p>Sources, in the script's order of trust: {@code nproc}, {@code getconf} ({@code
 * _NPROCESSORS_ONLN}), {@code psrinfo} and {@code kstat} (processors on-line or no-intr), {@code
 * hw.ncpuonline}, {@code hw.ncpu}, {@code hw.logicalcpu} (sysctl), {@code bindprocessor} and {@code
 * lsdev} (AIX), {@code machinfo} and {@code ioscan} (HP-UX). {@code sysctl} is the name older
 * scripts used.
 */
final class CpuCountParser {
  static final int MAX_CPUS = 65_536;
  static final String MACHINFO = "machinfo";

  private static final Pattern SOURCE =
      Pattern.compile(
          "nproc|getconf|psrinfo|kstat|sysctl|hw\\.ncpuonline|hw\\.ncpu|hw\\.logicalcpu"
              + "|bindprocessor|lsdev|ioscan");

  // machinfo, HP-UX 11.23: "Number of CPUs = 2".
  private static final Pattern NUMBER_OF_CPUS =
      Pattern.compile("Number of CPUs\\s*=\\s*(\\d{1,9})");
  // machinfo, HP-UX 11.31 with threads: "8 logical processors (4 per socket)".
  private static final Pattern LOGICAL =
      Pattern.compile("(\\d{1,9}) logical processors?( \\(\\d{1,9} per socket\\))?");
  // machinfo, HP-UX 11.31: "3 Intel(R) Itanium 2 processors (1.6 GHz, 9 MB)": one per socket.
  private static final Pattern SOCKETS = Pattern.compile("(\\d{1,9}) \\S.*[Pp]rocessors?\\b.*");

  private CpuCountParser() {}

  /** One {@code "<source> <count>"} line; empty for anything else. */
  static OptionalInt parse(String line) {
    return parseLine(line).map(c -> OptionalInt.of(c.count())).orElse(OptionalInt.empty());
  }

  /**
   * The whole section: the first source that gave a count. Lines that are neither a count nor
   * machinfo's go to {@code unreadable}.
   */
  static Optional<CpuCount> parse(List<String> lines, Consumer<String> unreadable) {
    Optional<CpuCount> first = Optional.empty();
    List<String> machinfo = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.startsWith(MACHINFO + " ") && trimmed.length() <= 200) {
        machinfo.add(trimmed.substring(MACHINFO.length() + 1).trim());
        continue;
      }
      Optional<CpuCount> count = parseLine(trimmed);
      if (count.isEmpty()) {
        unreadable.accept(line);
      } else if (first.isEmpty()) {
        first = count;
      }
    }
    if (first.isEmpty() && !machinfo.isEmpty()) {
      first = machinfo(machinfo);
      if (first.isEmpty()) {
        machinfo.forEach(text -> unreadable.accept(MACHINFO + " " + text));
      }
    }
    return first;
  }

  private static Optional<CpuCount> parseLine(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length != 2 || !SOURCE.matcher(f[0]).matches()) {
      return Optional.empty();
    }
    OptionalInt count = Decimal.count(f[1], MAX_CPUS);
    return count.isPresent() && count.getAsInt() > 0
        ? Optional.of(new CpuCount(count.getAsInt(), f[0]))
        : Optional.empty();
  }

  /** Logical processors if machinfo shows them, else its CPU count, else its sockets. */
  static Optional<CpuCount> machinfo(List<String> texts) {
    OptionalInt logical = first(texts, LOGICAL);
    OptionalInt number = first(texts, NUMBER_OF_CPUS);
    OptionalInt sockets = OptionalInt.empty();
    for (String text : texts) {
      if (sockets.isEmpty() && !text.contains("per socket") && !text.contains("logical")) {
        sockets = group(SOCKETS.matcher(text));
      }
    }
    OptionalInt count = logical.isPresent() ? logical : number.isPresent() ? number : sockets;
    return count.isPresent()
        ? Optional.of(new CpuCount(count.getAsInt(), MACHINFO))
        : Optional.empty();
  }

  private static OptionalInt first(List<String> texts, Pattern pattern) {
    for (String text : texts) {
      OptionalInt value = group(pattern.matcher(text));
      if (value.isPresent()) {
        return value;
      }
    }
    return OptionalInt.empty();
  }

  private static OptionalInt group(Matcher m) {
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    OptionalInt value = Decimal.count(m.group(1), MAX_CPUS);
    return value.isPresent() && value.getAsInt() > 0 ? value : OptionalInt.empty();
  }
}
