package io.distpool.probe;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * The "publickey" method with the signature made by ssh-agent: sshj's {@code AuthPublickey} needs
 * the private key itself, which an agent never hands out.
 *
 * <p>RSA keys sign with rsa-sha2-256, since current OpenSSH servers refuse SHA-1 signatures.
 */
final class AgentAuth extends AbstractAuthMethod {
  private final AgentClient agent;
  private final AgentClient.Identity identity;

  AgentAuth(AgentClient agent, AgentClient.Identity identity) {
    super("publickey");
    this.agent = agent;
    this.identity = identity;
  }

  private String algorithm() {
    String type = identity.type();
    return type.equals("ssh-rsa") ? "rsa-sha2-256" : type;
  }

  private int flags() {
    return identity.type().equals("ssh-rsa") ? AgentClient.RSA_SHA2_256 : 0;
  }

  @Override
  protected SSHPacket buildReq() throws UserAuthException {
    return request(false);
  }

  private SSHPacket request(boolean signed) throws UserAuthException {
    return super.buildReq().putBoolean(signed).putString(algorithm()).putString(identity.blob());
  }

  @Override
  public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
    if (cmd != Message.USERAUTH_60) {
      super.handle(cmd, buf);
      return;
    }
    SSHPacket signed = request(true);
    byte[] data =
        new Buffer.PlainBuffer()
            .putString(params.getTransport().getSessionID())
            .putBuffer(signed)
            .getCompactData();
    try {
      signed.putString(agent.sign(identity, data, flags()));
    } catch (IOException e) {
      throw new UserAuthException("ssh-agent could not sign: " + e.getMessage(), e);
    }
    params.getTransport().write(signed);
  }

  @Override
  public String toString() {
    return "ssh-agent key " + identity.comment();
  }
}
