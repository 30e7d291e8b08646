using Harness.Protocol.Serialization;
using Harness.Protocol.Timing;
using Harness.Protocol.Versions;
using Harness.Reliability.Settings;

namespace Harness.Reliability.Destination;

/// <summary>How the RM destination behaves: the WCF-named settings plus limits that keep hostile peers cheap.</summary>
public sealed record DestinationOptions
{
    public ReliableSessionSettings Settings { get; init; } = ReliableSessionSettings.Default;

    public WireLimits Limits { get; init; } = WireLimits.Default;

    /// <summary>
    /// The one WS-RM version this destination speaks, as a CoreWCF endpoint does; null speaks both. A message of the
    /// other version is answered as CoreWCF answers it: HTTP 500 with an ActionNotSupported fault.
    /// </summary>
    public ReliableMessagingVersion? OnlyReliableMessagingVersion { get; init; }

    /// <summary>
    /// The one SOAP and WS-Addressing version this destination speaks, as a CoreWCF endpoint does; null speaks all
    /// four. Another SOAP version is answered 415 (CoreWCF's answer); another addressing version 400 with a SOAP
    /// fault (CoreWCF resets the connection, which tells a client nothing).
    /// </summary>
    public MessageVersion? OnlyMessageVersion { get; init; }

    /// <summary>Sequences alive at once (started or not); CreateSequence beyond it is refused.</summary>
    public int MaxSequences { get; init; } = 10_000;

    /// <summary>How many ended sequences are remembered, so a late message gets a precise fault.</summary>
    public int EndedSequencesRemembered { get; init; } = 10_000;

    /// <summary>
    /// How long the answer to a request held ahead of a gap on a reply session may wait for the gap to fill, so that it
    /// can carry the request's reply (on a one-way session a held message is acknowledged at once). Concurrent
    /// requests overtake each other on loopback all the time, and such gaps fill within a millisecond or two; a lost
    /// message's gap does not, and the answer then goes without the reply. Keep it well below the source's
    /// retransmission timeout, or waiting answers provoke spurious retransmissions.
    /// </summary>
    public TimeSpan OutOfOrderAnswerDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long the application takes to accept a new session, as WCF's AcceptChannel does. Only sessions not yet
    /// accepted count against <c>MaxPendingChannels</c>, and their messages are not delivered (answered as not
    /// delivered yet, so the source resends). The journal accepts at once (zero), so in practice nothing is refused;
    /// a test slows the accept to exercise the refusal.
    /// </summary>
    public TimeSpan AcceptDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// On a reply session (one with an offered sequence), accept only the next message in order and discard one that
    /// arrives ahead of a gap with an empty 202, unacknowledged, as CoreWCF's reliable reply sessions do (WS-RM allows
    /// it; the source must resend). Off by default: the journal service holds up to <c>MaxTransferWindowSize</c>
    /// messages ahead of a gap. Tests turn it on to show that a client converges against such a destination.
    /// </summary>
    public bool DiscardAheadOfGap { get; init; }

    /// <summary>How often idle sequences are looked for (at most; never more often than a tenth of a second).</summary>
    public TimeSpan InactivityScanInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Deliberate protocol bugs, so that tests can prove the checker catches broken destinations; the command line
    /// never sets them.
    /// </summary>
    public DestinationDefects Defects { get; init; }

    /// <summary>Every timestamp, timer and delay of the destination (tests pass one over a fake time provider).</summary>
    public RunClock Clock { get; init; } = RunClock.System;
}
