using Harness.Reliability.Destination;

namespace Harness.Runner.Exploring;

/// <summary>The bounds and place of an exploration.</summary>
public sealed record ExploreOptions
{
    public const int DefaultParallel = 4;

    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMinutes(30);

    /// <summary>The folder the space, the resume log and the report are written to; a folder already holding a log is resumed.</summary>
    public required string Folder { get; init; }

    /// <summary>1: every single fault; 2: also every pair of faults on two different messages.</summary>
    public int Depth { get; init; } = 1;

    /// <summary>The most placements run by this invocation (those done before are not counted); null for no limit.</summary>
    public long? Budget { get; init; }

    /// <summary>No placement starts after this long; the ones running finish.</summary>
    public TimeSpan TimeLimit { get; init; } = DefaultTimeLimit;

    /// <summary>Placements run at once, each with its own service, proxy and ports.</summary>
    public int Parallel { get; init; } = DefaultParallel;

    /// <summary>The faults placed on each message (those of its direction); by default every one but corrupt.</summary>
    public IReadOnlyList<ExploredAction> Actions { get; init; } = PlacedFault.DefaultActions;

    /// <summary>Stop at the first placement that fails (a broken guarantee, a faulted session, or a run not judged); the ones running finish.</summary>
    public bool FailFast { get; init; }

    /// <summary>Deliberate bugs in the in-process destination, for proving an exploration finds them; never set by the command line.</summary>
    public DestinationDefects Defects { get; init; }

    /// <summary>A delivery buffer for the in-process destination other than the scenario's window (see <see cref="Running.RunOptions.DestinationTransferWindow"/>); tests only.</summary>
    public int? DestinationTransferWindow { get; init; }

    /// <summary>Receives progress; called from several threads.</summary>
    public IExploreListener Listener { get; init; } = NullExploreListener.Instance;

    /// <summary>Why these options cannot be used; null when they can.</summary>
    public string? Problem() =>
        Depth is < 1 or > PlacementSpace.MaxDepth ? $"depth must be 1 or {PlacementSpace.MaxDepth}"
        : Budget is < 1 ? "budget must be at least 1"
        : Parallel < 1 ? "parallel must be at least 1"
        : Actions.Count == 0 ? "at least one action is needed"
        : TimeLimit <= TimeSpan.Zero ? "the time limit must be positive"
        : string.IsNullOrWhiteSpace(Folder) ? "a folder is needed"
        : null;
}

/// <summary>What an exploration is about to do, reported once before the first placement.</summary>
/// <param name="SpaceSize">Placements in the whole space.</param>
/// <param name="AlreadyDone">Placements a resumed exploration found done.</param>
/// <param name="ToRun">Placements this invocation will run, at most (budget applied).</param>
/// <param name="EstimatedFullSpace">About how long the whole space takes at this parallelism.</param>
/// <param name="Resumed">Whether an earlier exploration's folder was continued.</param>
public sealed record ExplorePlanned(long SpaceSize, long AlreadyDone, long ToRun, TimeSpan EstimatedFullSpace, TimeSpan FaultFree, bool Resumed);

/// <summary>Progress of an exploration; called from several threads.</summary>
public interface IExploreListener
{
    void Planned(ExplorePlanned planned);

    /// <summary>One placement finished: <paramref name="done"/> of this invocation's placements so far, <paramref name="failing"/> of them failed (<see cref="PlacementOutcome.Failed"/>).</summary>
    void PlacementFinished(PlacementOutcome outcome, long done, long failing);
}

/// <summary>Listens to nothing.</summary>
public sealed class NullExploreListener : IExploreListener
{
    public static readonly NullExploreListener Instance = new();

    public void Planned(ExplorePlanned planned)
    {
    }

    public void PlacementFinished(PlacementOutcome outcome, long done, long failing)
    {
    }
}
