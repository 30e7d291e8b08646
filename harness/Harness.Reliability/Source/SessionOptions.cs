using Harness.Protocol.Serialization;
using Harness.Protocol.Timing;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;

namespace Harness.Reliability.Source;

/// <summary>What a client session needs besides the endpoint.</summary>
public sealed record SessionOptions
{
    public ReliableSessionSettings Settings { get; init; } = ReliableSessionSettings.Default;

    /// <summary>
    /// Request-reply sessions offer a sequence for replies (WCF does on any contract with a request-reply
    /// operation); a one-way-only session makes no Offer.
    /// </summary>
    public bool ExpectReplies { get; init; } = true;

    public WireLimits Limits { get; init; } = WireLimits.Default;

    public IReliabilityEventSink Events { get; init; } = NullEventSink.Instance;

    /// <summary>
    /// Headers that name the session (and number unreliable calls) on every request, so a fault proxy's decisions do
    /// not depend on which concurrent session reaches it first. Null sends none.
    /// </summary>
    public SessionLabels? Labels { get; init; }

    /// <summary>Unreliable sessions only: the name put in the session header (a new GUID when null).</summary>
    public string? SessionName { get; init; }

    /// <summary>Every timestamp, timer and delay of the session (tests pass one over a fake time provider).</summary>
    public RunClock Clock { get; init; } = RunClock.System;

    /// <summary>
    /// Deliberate protocol bugs, so that tests can prove the suite catches a broken source; the command line never
    /// sets them.
    /// </summary>
    public SourceDefects Defects { get; init; }
}
