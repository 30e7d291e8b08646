using Harness.Protocol.Timing;
using Harness.Reliability.Destination;
using Harness.Reliability.Source;
using Harness.Runner.Targets;

namespace Harness.Runner.Running;

/// <summary>How scenarios are run, beyond what the scenario files say.</summary>
public sealed record RunOptions
{
    /// <summary>The clock of every component of a run (client, proxy, service); tests give one over a fake time provider.</summary>
    public RunClock Clock { get; init; } = RunClock.System;

    /// <summary>Replaces every scenario's own seed, to replay a run or explore other fault decisions.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// An external service implementing the journal contract. The proxy then forwards there instead of to the
    /// in-process service, and delivery is judged from Append's delivered counts (there is no journal to read).
    /// </summary>
    public Uri? Target { get; init; }

    /// <summary>What <see cref="Target"/> speaks and accepts (probed or stated); scenarios it cannot serve are skipped with the reason.</summary>
    public TargetProfile? TargetProfile { get; init; }

    /// <summary>Deliberate bugs in the in-process destination, for proving the checker catches them; never set by the command line.</summary>
    public DestinationDefects Defects { get; init; }

    /// <summary>
    /// How many messages the in-process destination holds ahead of a gap (its MaxTransferWindowSize), when it should
    /// differ from the client's, as on a service configured apart from its clients; null takes the scenario's. With a
    /// smaller buffer than the client's window, messages that overtake a lost one are discarded. Never set by the
    /// command line.
    /// </summary>
    public int? DestinationTransferWindow { get; init; }

    /// <summary>
    /// Deliberate bugs in the harness's own client (the real WCF client has none to set), for proving the suite catches
    /// a broken source; never set by the command line.
    /// </summary>
    public SourceDefects SourceDefects { get; init; }

    /// <summary>Receives progress; called from several threads.</summary>
    public IRunListener Listener { get; init; } = NullRunListener.Instance;
}
