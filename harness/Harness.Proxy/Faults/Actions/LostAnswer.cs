namespace Harness.Proxy.Faults.Actions;

/// <summary>What the client gets for a message the proxy swallows.</summary>
public enum LostAnswer
{
    /// <summary>An empty HTTP 202, what a lost one-way message gives a WS-RM source over HTTP.</summary>
    Empty202,

    /// <summary>The connection is reset.</summary>
    Abort,
}
