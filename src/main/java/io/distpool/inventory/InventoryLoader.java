package io.distpool.inventory;

import io.distpool.inventory.YamlNode.Entry;
import io.distpool.inventory.YamlNode.Mapping;
import io.distpool.inventory.YamlNode.Position;
import io.distpool.inventory.YamlNode.Sequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns hosts.yaml into an {@link Inventory}, or into every problem it has.
 *
 * <p>Problems name {@code file:line:column: field: what is wrong}; nothing is half-applied: either
 * the whole file is valid or the caller gets an {@link InventoryException}.
 */
public final class InventoryLoader {
  private static final Set<String> TOP_KEYS = Set.of("defaults", "hosts", "local", "limits");
  private static final Set<String> LIMIT_KEYS = Set.of("user_slots", "per_user");
  private static final Set<String> LOCAL_KEYS = Set.of("slots", "speed");

  private InventoryLoader() {}

  /** Reads and validates {@code file}. */
  public static Inventory load(Path file) throws InventoryException {
    Path absolute = file.toAbsolutePath();
    String text;
    try {
      text = Files.readString(absolute, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Problems problems = new Problems(file);
      problems.add(new Position(1, 1), "file", "cannot read: " + describe(e));
      throw problems.toException();
    }
    return parse(file, text);
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.MalformedInputException) {
      return "not UTF-8 text";
    }
    return e.getMessage();
  }

  /** Validates {@code text} as if it had been read from {@code file}. */
  public static Inventory parse(Path file, String text) throws InventoryException {
    Problems problems = new Problems(file);
    Optional<YamlNode> root;
    try {
      root = YamlReader.read(text);
    } catch (YamlReader.SyntaxError e) {
      problems.add(e.position, "syntax", e.getMessage());
      throw problems.toException();
    }
    Path base = file.toAbsolutePath().getParent();
    List<Host> hosts = root.isEmpty() ? List.of() : hosts(root.get(), problems, base);
    LocalSettings local =
        root.isPresent() && root.get() instanceof Mapping
            ? local((Mapping) root.get(), problems, base)
            : LocalSettings.defaults();
    UserLimits limits =
        root.isPresent() && root.get() instanceof Mapping
            ? limits((Mapping) root.get(), problems, base)
            : UserLimits.none();
    if (!problems.isEmpty()) {
      throw problems.toException();
    }
    return new Inventory(Optional.of(file), hosts, local, limits);
  }

  /** {@code limits: {user_slots: N, per_user: {alice: N}}}: caps on what one user may hold. */
  private static UserLimits limits(Mapping top, Problems problems, Path base) {
    Optional<Entry> entry = top.entry("limits");
    if (entry.isEmpty() || isNull(entry.get().value())) {
      return UserLimits.none();
    }
    if (!(entry.get().value() instanceof Mapping)) {
      problems.add(
          entry.get().value().position(),
          "limits",
          "expected a map ('user_slots:', 'per_user:'), got " + entry.get().value().kindName());
      return UserLimits.none();
    }
    Mapping map = (Mapping) entry.get().value();
    checkKeys(map, LIMIT_KEYS, "limits.", problems, Set.of(), "");
    HostKeys keys = new HostKeys(problems, base);
    OptionalInt userSlots = OptionalInt.empty();
    Map<String, Integer> perUser = new HashMap<>();
    for (Entry e : map.entries()) {
      if (e.key().equals("user_slots") && !isNull(e.value())) {
        Integer cap = keys.slotCap(e.value(), "limits.user_slots");
        userSlots = cap == null ? userSlots : OptionalInt.of(cap);
      } else if (e.key().equals("per_user") && !isNull(e.value())) {
        if (!(e.value() instanceof Mapping)) {
          problems.add(
              e.value().position(),
              "limits.per_user",
              "expected a map of user names to slots ('alice: 8'), got " + e.value().kindName());
          continue;
        }
        for (Entry user : ((Mapping) e.value()).entries()) {
          Integer cap = keys.slotCap(user.value(), "limits.per_user." + user.key());
          if (cap != null) {
            perUser.put(user.key(), cap);
          }
        }
      }
    }
    return new UserLimits(userSlots, perUser);
  }

  private static LocalSettings local(Mapping top, Problems problems, Path base) {
    Optional<Entry> entry = top.entry("local");
    if (entry.isEmpty() || isNull(entry.get().value())) {
      return LocalSettings.defaults();
    }
    if (!(entry.get().value() instanceof Mapping)) {
      problems.add(
          entry.get().value().position(),
          "local",
          "expected a map ('slots:', 'speed:'), got " + entry.get().value().kindName());
      return LocalSettings.defaults();
    }
    Mapping map = (Mapping) entry.get().value();
    checkKeys(map, LOCAL_KEYS, "local.", problems, Set.of(), "");
    Map<String, Object> values = new HashMap<>();
    HostKeys keys = new HostKeys(problems, base);
    for (Entry e : map.entries()) {
      if (LOCAL_KEYS.contains(e.key())) {
        keys.readLocal(e, "local." + e.key(), values);
      }
    }
    Integer slots = (Integer) values.get("slots");
    Double speed = (Double) values.get("speed");
    return new LocalSettings(
        slots == null ? OptionalInt.empty() : OptionalInt.of(slots),
        speed == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(speed));
  }

  private static List<Host> hosts(YamlNode root, Problems problems, Path base) {
    if (!(root instanceof Mapping)) {
      problems.add(
          root.position(),
          "(top level)",
          "expected a map with 'defaults:' and 'hosts:', got " + root.kindName());
      return List.of();
    }
    Mapping top = (Mapping) root;
    checkKeys(
        top,
        TOP_KEYS,
        "",
        problems,
        HostKeys.HOST_KEYS,
        "belongs under 'defaults:' or inside a host");
    HostKeys keys = new HostKeys(problems, base);
    Map<String, Object> defaults = new HashMap<>();
    top.entry("defaults").ifPresent(e -> readDefaults(e, keys, problems, defaults));
    Optional<Entry> hostsEntry = top.entry("hosts");
    if (hostsEntry.isEmpty() || isNull(hostsEntry.get().value())) {
      return List.of();
    }
    YamlNode list = hostsEntry.get().value();
    if (!(list instanceof Sequence)) {
      problems.add(
          list.position(),
          "hosts",
          "expected a list of hosts ('- name: ...'), got " + list.kindName());
      return List.of();
    }
    return readHosts((Sequence) list, keys, problems, defaults);
  }

  private static boolean isNull(YamlNode node) {
    return node instanceof YamlNode.Scalar
        && ((YamlNode.Scalar) node).type() == YamlNode.Scalar.Type.NULL;
  }

  private static void readDefaults(
      Entry entry, HostKeys keys, Problems problems, Map<String, Object> into) {
    if (isNull(entry.value())) {
      return;
    }
    if (!(entry.value() instanceof Mapping)) {
      problems.add(
          entry.value().position(), "defaults", "expected a map, got " + entry.value().kindName());
      return;
    }
    Mapping map = (Mapping) entry.value();
    checkKeys(
        map,
        HostKeys.DEFAULT_KEYS,
        "defaults.",
        problems,
        Set.of("name", "address"),
        "is different for every host; set it inside each host");
    for (Entry e : map.entries()) {
      if (HostKeys.DEFAULT_KEYS.contains(e.key())) {
        keys.read(e, "defaults." + e.key(), into);
      }
    }
  }

  private static List<Host> readHosts(
      Sequence list, HostKeys keys, Problems problems, Map<String, Object> defaults) {
    List<Host> hosts = new ArrayList<>();
    Map<String, Position> seen = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      String prefix = "hosts[" + i + "]";
      YamlNode item = list.items().get(i);
      if (!(item instanceof Mapping)) {
        problems.add(
            item.position(), prefix, "expected a host ('name: ...'), got " + item.kindName());
        continue;
      }
      Mapping map = (Mapping) item;
      checkKeys(map, HostKeys.HOST_KEYS, prefix + ".", problems, Set.of(), "");
      Map<String, Object> values = new LinkedHashMap<>(defaults);
      for (Entry e : map.entries()) {
        if (HostKeys.HOST_KEYS.contains(e.key())) {
          keys.read(e, prefix + "." + e.key(), values);
        }
      }
      Optional<Entry> nameEntry = map.entry("name");
      if (nameEntry.isEmpty()) {
        problems.add(map.position(), prefix + ".name", "every host needs a name");
        continue;
      }
      String name = (String) values.get("name");
      if (name == null) {
        continue;
      }
      Position previous = seen.putIfAbsent(name, nameEntry.get().value().position());
      if (previous != null) {
        problems.add(
            nameEntry.get().value().position(),
            prefix + ".name",
            "duplicate name '" + name + "' (first used on line " + previous.line() + ")");
        continue;
      }
      hosts.add(toHost(values));
    }
    return hosts;
  }

  /** Reports unknown and duplicate keys, with a suggestion where one is close. */
  private static void checkKeys(
      Mapping map,
      Set<String> allowed,
      String prefix,
      Problems problems,
      Set<String> misplaced,
      String misplacedAdvice) {
    Set<String> seen = new java.util.HashSet<>();
    for (Entry e : map.entries()) {
      String field = prefix + e.key();
      if (!seen.add(e.key())) {
        problems.add(e.keyPosition(), field, "duplicate key; each key may appear once");
      } else if (misplaced.contains(e.key())) {
        problems.add(e.keyPosition(), field, "'" + e.key() + "' " + misplacedAdvice);
      } else if (!allowed.contains(e.key())) {
        String hint =
            Suggestions.closest(e.key(), allowed)
                .map(s -> "; did you mean '" + s + "'?")
                .orElse("; known keys: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        problems.add(e.keyPosition(), field, "unknown key '" + e.key() + "'" + hint);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Host toHost(Map<String, Object> v) {
    Defaults builtIn = Defaults.builtIn();
    String name = (String) v.get("name");
    List<Path> identities = (List<Path>) v.getOrDefault("identity", List.of());
    Defaults withIdentities =
        new Defaults(
            builtIn.port(),
            builtIn.user(),
            identities,
            builtIn.knownHosts(),
            builtIn.slots(),
            builtIn.speed(),
            builtIn.tags(),
            false,
            true,
            builtIn.pollInterval(),
            builtIn.pollTimeout(),
            builtIn.desktopIdle());
    Integer slots = (Integer) v.get("slots");
    return new Host(
        name,
        (String) v.getOrDefault("address", name),
        (Integer) v.getOrDefault("port", builtIn.port()),
        (String) v.getOrDefault("user", builtIn.user()),
        withIdentities.effectiveIdentities(),
        (Path) v.getOrDefault("known_hosts", builtIn.knownHosts()),
        slots == null ? OptionalInt.empty() : OptionalInt.of(slots),
        v.get("speed") == null
            ? builtIn.speed()
            : java.util.OptionalDouble.of((Double) v.get("speed")),
        Set.copyOf((List<String>) v.getOrDefault("tags", List.of())),
        (Boolean) v.getOrDefault("desktop", false),
        (Boolean) v.getOrDefault("enabled", true),
        (Duration) v.getOrDefault("poll_interval", builtIn.pollInterval()),
        (Duration) v.getOrDefault("poll_timeout", builtIn.pollTimeout()),
        (Duration) v.getOrDefault("desktop_idle", builtIn.desktopIdle()),
        Optional.ofNullable((String) v.get("distccd")),
        (Boolean) v.getOrDefault("ssh_multiplex", true),
        v.get("desktop_reserve") == null
            ? OptionalInt.empty()
            : OptionalInt.of((Integer) v.get("desktop_reserve")),
        (Boolean) v.getOrDefault("desktop_remote", false),
        (List<String>) v.getOrDefault("compilers", Defaults.DEFAULT_COMPILERS));
  }
}
