package io.distpool.probe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * A host's public key as OpenSSH writes it: type, base64 blob, and the {@code SHA256:...}
 * fingerprint {@code ssh-keygen -l} prints.
 */
public record HostKey(String type, String base64) {

  public HostKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(base64, "base64");
  }

  static HostKey of(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    return new HostKey(KeyType.fromKey(key).toString(), Base64.getEncoder().encodeToString(blob));
  }

  public String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The known_hosts line that trusts this key for {@code knownHostsName}. */
  public String knownHostsLine(String knownHostsName) {
    return knownHostsName + " " + type + " " + base64;
  }

  byte[] blob() {
    return Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
  }
}
