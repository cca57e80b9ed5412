package io.distpool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-line wire form: every message round-trips, and bad lines are named. */
class CodecTest {
  static final String AWKWARD = "100% busy: 3 jobs\non two lines\ttabbed, ünïcødé ✓ 日本 🚀 =x";

  static Stream<Request> requests() {
    return Stream.of(
        new Request.Lease(Duration.ofMillis(2000)),
        new Request.Lease(Duration.ZERO),
        new Request.Lease(
            Duration.ofSeconds(5),
            java.util.Optional.of(
                new Request.Compiler("gcc-12", "x86_64-linux-gnu", "Sun C 5.15 SunOS_sparc")),
            List.of("solaris", "sparc")),
        new Request.Lease(
            Duration.ofSeconds(2),
            java.util.Optional.empty(),
            List.of(),
            java.util.Optional.of("ålice smith"),
            java.util.Optional.of("ws1.example.com")),
        new Request.Done(0, Duration.ofMillis(1530)),
        new Request.Done(-1, Duration.ZERO),
        new Request.Done(139, Duration.ofHours(2)),
        new Request.Done(116, Duration.ofMillis(40), true),
        new Request.Status(),
        new Request.Refresh(List.of()),
        new Request.Refresh(List.of("h1")),
        new Request.Refresh(List.of("h1", "build-2.example.com")),
        new Request.Reload(),
        new Request.Stop());
  }

  static Stream<Response> responses() {
    return Stream.of(
        new Response.Grant("h1", "@h1/64", "/run/user/1000/distpool/ssh"),
        new Response.Grant("h 1", "100% @h1/64", "/home/ünï cødé/🚀 ssh"),
        new Response.Local("no free slot"),
        new Response.Local(""),
        new Response.Local(AWKWARD),
        new Response.Status("{\"hosts\":[],\"leased\":0,\"waiting\":0,\"note\":\"a b%c\"}"),
        new Response.Ok("reloaded 3 hosts"),
        new Response.Ok(""),
        new Response.Failure(AWKWARD));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void everyRequestRoundTrips(Request request) throws ProtocolException {
    String line = Codec.encode(request);

    assertThat(line).doesNotContain("\n", "\r");
    assertThat(Codec.decodeRequest(line)).isEqualTo(request);
  }

  @ParameterizedTest
  @MethodSource("responses")
  void everyResponseRoundTrips(Response response) throws ProtocolException {
    String line = Codec.encode(response);

    assertThat(line).doesNotContain("\n", "\r", "\t");
    assertThat(line.split(" ")).allSatisfy(word -> assertThat(word).isNotEmpty());
    assertThat(Codec.decodeResponse(line)).isEqualTo(response);
  }

  @Test
  void encodedValuesAreAsciiOnly() {
    assertThat(Codec.encode(new Response.Local(AWKWARD))).matches("[\\x21-\\x7e ]+");
  }

  @Test
  void theWireFormIsWhatACClientWouldWrite() {
    assertThat(Codec.encode(new Request.Lease(Duration.ofSeconds(2)))).isEqualTo("LEASE wait=2000");
    assertThat(Codec.encode(new Request.Done(0, Duration.ofMillis(1530))))
        .isEqualTo("DONE exit=0 ms=1530");
    assertThat(Codec.encode(new Request.Done(116, Duration.ofMillis(40), true)))
        .isEqualTo("DONE exit=116 ms=40 fault=host");
    assertThat(Codec.encode(new Request.Refresh(List.of("h1", "h2"))))
        .isEqualTo("REFRESH hosts=h1,h2");
    assertThat(Codec.encode(new Response.Local("no free slot")))
        .isEqualTo("LOCAL reason=no%20free%20slot");
    assertThat(Codec.encode(new Response.Ok("100%"))).isEqualTo("OK message=100%25");
  }

  @Test
  void lowerCaseEscapesAndTrailingLineEndsAreAccepted() throws ProtocolException {
    assertThat(Codec.decodeResponse("LOCAL reason=caf%c3%a9\r"))
        .isEqualTo(new Response.Local("café"));
  }

  @Test
  void unknownKeysAreIgnoredSoEitherSideMayAddSome() throws ProtocolException {
    assertThat(Codec.decodeRequest("LEASE wait=2000 priority=high pid=123"))
        .isEqualTo(new Request.Lease(Duration.ofMillis(2000)));
    assertThat(Codec.decodeResponse("GRANT host=h1 hosts=@h1/4 ssh=/s ttl=30 x=%41"))
        .isEqualTo(new Response.Grant("h1", "@h1/4", "/s"));
  }

  @Test
  void missingOptionalKeysTakeTheirDefaults() throws ProtocolException {
    assertThat(Codec.decodeRequest("LEASE")).isEqualTo(new Request.Lease(Duration.ZERO));
    assertThat(Codec.decodeRequest("DONE")).isEqualTo(new Request.Done(-1, Duration.ZERO));
    assertThat(Codec.decodeResponse("ERROR")).isEqualTo(new Response.Failure("(no message)"));
  }

  @Test
  void theUserAndClientALeaseStatesAreKept() throws ProtocolException {
    Request.Lease lease =
        (Request.Lease) Codec.decodeRequest("LEASE wait=2000 user=alice client=ws%201");
    assertThat(lease.user()).contains("alice");
    assertThat(lease.client()).contains("ws 1");
  }

  @Test
  void aStatedNameThatIsEmptyOrHugeOrHasControlCharactersIsRefused() {
    for (String line :
        List.of(
            "LEASE user=",
            "LEASE user=" + "a".repeat(Codec.MAX_NAME + 1),
            "LEASE client=ws%0Aevil")) {
      assertThatThrownBy(() -> Codec.decodeRequest(line))
          .as(line)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("without control characters");
    }
  }

  @Test
  void anUnknownRequestIsNamed() {
    assertThatThrownBy(() -> Codec.decodeRequest("FROB wait=1"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unknown request 'FROB'");
  }

  @Test
  void aResponseIsNotARequest() {
    assertThatThrownBy(() -> Codec.decodeRequest("GRANT host=h1 hosts=x ssh=y"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unknown request 'GRANT'");
    assertThatThrownBy(() -> Codec.decodeResponse("LEASE wait=1"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unknown response 'LEASE'");
  }

  @Test
  void anEndlessVerbIsShortenedInTheMessage() {
    assertThatThrownBy(() -> Codec.decodeRequest("X".repeat(10_000)))
        .hasMessage("unknown request '" + "X".repeat(40) + "...'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LEASE wait", "LEASE =2000", "STATUS json"})
  void aWordWithoutKeyEqualsValueIsMalformed(String line) {
    String word = line.substring(line.indexOf(' ') + 1);

    assertThatThrownBy(() -> Codec.decodeRequest(line))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("expected key=value, got '" + word + "'");
  }

  @Test
  void aNumberThatIsNotOneIsNamed() {
    assertThatThrownBy(() -> Codec.decodeRequest("LEASE wait=soon"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("wait= must be a number, got 'soon'");
  }

  @Test
  void aNegativeWaitIsAProtocolErrorNotACrash() {
    assertThatThrownBy(() -> Codec.decodeRequest("LEASE wait=-5"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("wait= must not be negative, got '-5'");
  }

  @Test
  void aNumberTooLargeForItsFieldIsAProtocolError() {
    assertThatThrownBy(() -> Codec.decodeRequest("LEASE wait=99999999999999999999"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("wait= must be a number, got '99999999999999999999'");
  }

  @Test
  void aMissingRequiredKeyIsNamed() {
    assertThatThrownBy(() -> Codec.decodeResponse("GRANT host=h1 ssh=/s"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("missing hosts=");
  }

  @Test
  void brokenEscapesAreNamed() {
    assertThatThrownBy(() -> Codec.decodeResponse("OK message=50%"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("truncated %-escape in '50%'");
    assertThatThrownBy(() -> Codec.decodeResponse("OK message=%4"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("truncated %-escape in '%4'");
    assertThatThrownBy(() -> Codec.decodeResponse("OK message=%zz"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("bad %-escape in '%zz'");
  }

  @Test
  void aNegativeWaitIsRefusedBeforeItReachesTheWire() {
    assertThatThrownBy(() -> new Request.Lease(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void grantValuesThatWouldCorruptTheCommandsEnvironmentAreRefused() {
    String line = Codec.encode(new Response.Grant("h1", "@h1/64\nX=1", "/s"));

    assertThatThrownBy(() -> Codec.decodeResponse(line))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("hosts= is empty or has control characters");
  }

  @Test
  void rawNonAsciiNextToAnEscapeSurvives() throws ProtocolException {
    assertThat(Codec.unescape("ü%20日本🚀")).isEqualTo("ü 日本🚀");
  }
}
