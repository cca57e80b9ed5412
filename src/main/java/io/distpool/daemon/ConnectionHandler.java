package io.distpool.daemon;

/** What the socket server does with its clients' lines. Called on the server's thread only. */
interface ConnectionHandler {
  void line(Connection connection, String line);

  /** The client went away, or was closed; called once per connection. */
  void closed(Connection connection);
}
