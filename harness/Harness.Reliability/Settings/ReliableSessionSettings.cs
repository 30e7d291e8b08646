using Harness.Protocol.Versions;

namespace Harness.Reliability.Settings;

/// <summary>
/// The reliable-session settings, with the names and defaults of WCF's <c>ReliableSessionBindingElement</c>, plus
/// the harness's own switches (reliable session on/off, the retransmission timer's start value).
/// </summary>
public sealed record ReliableSessionSettings
{
    public static readonly ReliableSessionSettings Default = new();

    /// <summary>False runs the same client and service as plain SOAP over HTTP: the negative control.</summary>
    public bool Enabled { get; init; } = true;

    public bool Ordered { get; init; } = true;

    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// WCF's delay before a destination sends an acknowledgement on its own. Over HTTP every acknowledgement travels
    /// at once on the answer to a request (as the real WCF client and CoreWCF service do), so the harness's endpoints
    /// never wait on it; it is kept so settings read and report as in WCF.
    /// </summary>
    public TimeSpan AcknowledgementInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public bool FlowControlEnabled { get; init; } = true;

    public int MaxPendingChannels { get; init; } = 4;

    public int MaxRetryCount { get; init; } = 8;

    public int MaxTransferWindowSize { get; init; } = 8;

    public ReliableMessagingVersion ReliableMessagingVersion { get; init; } = ReliableMessagingVersion.WSReliableMessagingFebruary2005;

    public MessageVersion MessageVersion { get; init; } = MessageVersion.Default;

    /// <summary>
    /// The retransmission timeout before any round trip has been measured; it then adapts to the measured round-trip
    /// time and doubles on every retry. WCF's first retransmission comes about half a second after the send.
    /// </summary>
    public TimeSpan InitialRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The retransmission timeout never drops below this, however fast the round trips.</summary>
    public TimeSpan MinRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long one HTTP attempt may take before it counts as lost.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a value is out of range, naming the setting.</summary>
    public ReliableSessionSettings Validate()
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message);
            }
        }

        Require(InactivityTimeout > TimeSpan.Zero, "InactivityTimeout must be positive.");
        Require(AcknowledgementInterval >= TimeSpan.Zero, "AcknowledgementInterval must not be negative.");
        Require(MaxPendingChannels is >= 1 and <= 16384, "MaxPendingChannels must be between 1 and 16384.");
        Require(MaxRetryCount is >= 1 and <= int.MaxValue, "MaxRetryCount must be at least 1.");
        Require(MaxTransferWindowSize is >= 1 and <= 4096, "MaxTransferWindowSize must be between 1 and 4096.");
        Require(InitialRetransmissionTimeout > TimeSpan.Zero, "InitialRetransmissionTimeout must be positive.");
        Require(MinRetransmissionTimeout > TimeSpan.Zero, "MinRetransmissionTimeout must be positive.");
        Require(SendTimeout > TimeSpan.Zero, "SendTimeout must be positive.");
        return this;
    }
}
