namespace Harness.Reliability.Source;

/// <summary>
/// A client session of the journal contract. With the reliable session on, calls travel on a WS-RM sequence;
/// with it off, each call is one plain SOAP request (the negative control).
/// </summary>
public interface IJournalSession : IAsyncDisposable
{
    /// <summary>The identifier the destination gave the sequence; the harness's own session name when unreliable.</summary>
    string SessionId { get; }

    /// <summary>One-way call. Reliable: completes when the destination acknowledges it.</summary>
    Task PostAsync(int sequence, string payload, CancellationToken cancellationToken);

    /// <summary>Request-reply call: returns the destination's count of messages delivered in this session.</summary>
    Task<int> AppendAsync(int sequence, string payload, CancellationToken cancellationToken);

    /// <summary>Ends the session: LastMessage (February 2005) or CloseSequence (1.1), then TerminateSequence.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
