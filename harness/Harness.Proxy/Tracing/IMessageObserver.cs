using Harness.Protocol.Classification;

namespace Harness.Proxy.Tracing;

/// <summary>
/// Sees every message the proxy traces, with what the classifier read of it (acknowledgement ranges included), as it
/// happens; called from many threads at once.
/// </summary>
public interface IMessageObserver
{
    /// <param name="classification">Null when the message was not classified (too large, or refused).</param>
    void Observed(ProxyTraceRecord record, MessageClassification? classification);
}
