package io.distpool.gethost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distpool.gethost.Options.UsageException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gethost's own options stop at the command; everything after belongs to the command. */
class OptionsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void aBareCommandGetsTheDefaults() throws UsageException {
    Options o = parse("distcc", "gcc", "-c", "x.c");

    assertThat(o.verbose()).isFalse();
    assertThat(o.maxWait()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.socket()).isEmpty();
    assertThat(o.command()).containsExactly("distcc", "gcc", "-c", "x.c");
    assertThat(o.help()).isFalse();
    assertThat(o.version()).isFalse();
  }

  @Test
  void optionsStopAtTheFirstWordThatIsNotOne() throws UsageException {
    Options o =
        parse(
            "-v",
            "--wait",
            "5",
            "--socket",
            "/run/d.sock",
            "distcc",
            "gcc",
            "-v",
            "--wait",
            "1",
            "-c",
            "x.c");

    assertThat(o.verbose()).isTrue();
    assertThat(o.maxWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.socket()).contains("/run/d.sock");
    assertThat(o.command()).containsExactly("distcc", "gcc", "-v", "--wait", "1", "-c", "x.c");
  }

  @Test
  void verboseAfterTheCommandBelongsToTheCommand() throws UsageException {
    Options o = parse("distcc", "gcc", "-v", "-c", "x.c");

    assertThat(o.verbose()).isFalse();
    assertThat(o.command()).contains("-v");
  }

  @Test
  void doubleDashEndsTheOptionsEvenBeforeADashedCommand() throws UsageException {
    Options o = parse("--verbose", "--", "-weird-tool", "--help");

    assertThat(o.verbose()).isTrue();
    assertThat(o.help()).isFalse();
    assertThat(o.command()).containsExactly("-weird-tool", "--help");
  }

  @Test
  void aLoneDashIsACommandNotAnOption() throws UsageException {
    assertThat(parse("-", "x").command()).containsExactly("-", "x");
  }

  @Test
  void waitTakesSecondsWithDecimalsInEitherSpelling() throws UsageException {
    assertThat(parse("--wait", "0.25", "cc").maxWait()).isEqualTo(Duration.ofMillis(250));
    assertThat(parse("--wait=1.5", "cc").maxWait()).isEqualTo(Duration.ofMillis(1500));
    assertThat(parse("--wait=0", "cc").maxWait()).isEqualTo(Duration.ZERO);
    assertThat(parse("--socket=/s", "cc").socket()).contains("/s");
  }

  @Test
  void distpoolWaitSetsTheDefaultWait() throws UsageException {
    Options o = Options.parse(new String[] {"cc"}, Map.of("DISTPOOL_WAIT", "7.5"));

    assertThat(o.maxWait()).isEqualTo(Duration.ofMillis(7500));
  }

  @Test
  void theWaitOptionWinsOverDistpoolWait() throws UsageException {
    Options o = Options.parse(new String[] {"--wait", "1", "cc"}, Map.of("DISTPOOL_WAIT", "oops"));

    assertThat(o.maxWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anEmptyDistpoolWaitIsAsIfUnset() throws UsageException {
    Options o = Options.parse(new String[] {"cc"}, Map.of("DISTPOOL_WAIT", ""));

    assertThat(o.maxWait()).isEqualTo(Options.DEFAULT_WAIT);
  }

  @Test
  void aBadDistpoolWaitIsAUsageErrorNamingTheVariable() {
    assertThatThrownBy(() -> Options.parse(new String[] {"cc"}, Map.of("DISTPOOL_WAIT", "2s")))
        .isInstanceOf(UsageException.class)
        .hasMessage("DISTPOOL_WAIT must be a number of seconds from 0 to 86400, not '2s'");
  }

  @ParameterizedTest(name = "--wait {0}")
  @ValueSource(strings = {"soon", "", "-1", "86401", "NaN", "Infinity", "1,5"})
  void aBadWaitIsAUsageError(String value) {
    assertThatThrownBy(() -> parse("--wait", value, "cc"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--wait must be a number of seconds from 0 to 86400, not '" + value + "'");
  }

  @Test
  void anOptionWithoutItsValueIsAUsageError() {
    assertThatThrownBy(() -> parse("--wait"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--wait needs a value");
    assertThatThrownBy(() -> parse("-v", "--socket"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--socket needs a value");
  }

  @Test
  void anUnknownOptionSaysOptionsGoBeforeTheCommand() {
    assertThatThrownBy(() -> parse("-j8", "make"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option -j8 (options go before COMMAND)");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThatThrownBy(() -> parse())
        .isInstanceOf(UsageException.class)
        .hasMessage("no COMMAND given");
    assertThatThrownBy(() -> parse("-v", "--wait=3"))
        .isInstanceOf(UsageException.class)
        .hasMessage("no COMMAND given");
    assertThatThrownBy(() -> parse("--"))
        .isInstanceOf(UsageException.class)
        .hasMessage("no COMMAND given");
  }

  @Test
  void helpAndVersionNeedNoCommand() throws UsageException {
    assertThat(parse("--help").help()).isTrue();
    assertThat(parse("-h").help()).isTrue();
    assertThat(parse("-V").version()).isTrue();
    assertThat(parse("-v", "--version").version()).isTrue();
  }

  private static Options parse(String... args) throws UsageException {
    return Options.parse(args, NO_ENV);
  }

  @Test
  void tagsComeFromOptionsOrElseFromTheEnvironment() throws Exception {
    Options given =
        Options.parse(
            new String[] {"--tag", "sparc", "--tag=solaris", "distcc", "cc", "-c", "x.c"},
            Map.of("DISTPOOL_TAGS", "linux"));
    Options fromEnv = Options.parse(new String[] {"distcc", "cc"}, Map.of("DISTPOOL_TAGS", "a, b"));

    org.assertj.core.api.Assertions.assertThat(given.tags()).containsExactly("sparc", "solaris");
    org.assertj.core.api.Assertions.assertThat(fromEnv.tags()).containsExactly("a", "b");
  }

  @Test
  void aTagWithShellCharactersIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Options.parse(new String[] {"--tag", "a;b", "true"}, Map.of()))
        .isInstanceOf(Options.UsageException.class)
        .hasMessageContaining("is not a tag");
  }
}
