namespace Harness.Protocol.ReliableMessaging;

/// <summary>
/// The <c>AckRequested</c> header. February 2005 allows the source to name its highest message number; 1.1 does not.
/// </summary>
public sealed record AckRequested(string Identifier, long? MessageNumber = null);
