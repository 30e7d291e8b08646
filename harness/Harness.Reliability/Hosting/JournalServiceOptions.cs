using System.Net;
using Harness.Reliability.Destination;
using Harness.Reliability.Events;

namespace Harness.Reliability.Hosting;

/// <summary>Where and how the journal service listens.</summary>
public sealed record JournalServiceOptions
{
    /// <summary>0 picks a free ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>Loopback only unless a test's own network namespace says otherwise.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    public string Path { get; init; } = "/journal";

    public DestinationOptions Destination { get; init; } = new();

    /// <summary>When set, every delivery is also written to this file as one JSON line.</summary>
    public string? JournalPath { get; init; }

    /// <summary>
    /// False keeps no delivery (nor its payload) in memory, only counts: for a service that runs indefinitely, such as
    /// <c>harness serve</c>, whose record is the journal file. The runner's checker needs the entries (true).
    /// </summary>
    public bool KeepJournalEntries { get; init; } = true;

    public IReliabilityEventSink? Events { get; init; }

    /// <summary>Where a request that failed inside the service (a bug, not bad input) is described; none when null.</summary>
    public TextWriter? ErrorLog { get; init; }
}
