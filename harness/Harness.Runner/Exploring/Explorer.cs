using System.Diagnostics;
using Harness.Proxy.Faults;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Exploring;

/// <summary>
/// Explores the fault space of a workload on purpose rather than by luck: runs it once without faults to list the
/// messages it sends (the inventory), then runs every placement of one fault (and, at depth 2, of every pair), each an
/// exact fault plan, up to <c>parallel</c> at once, appending each outcome to the folder's resume log. Placements
/// already in the log are skipped, so an interrupted exploration continues where it stopped.
/// </summary>
public static class Explorer
{
    public static async Task<ExploreReport> RunAsync(Scenario baseScenario, ExploreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseScenario);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (!baseScenario.Faults.IsEmpty)
        {
            throw new ExploreSetupException($"scenario '{baseScenario.Name}' has its own faults; explore places its own, so give it a scenario without 'faults'");
        }

        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.Folder);
        var log = new ExploreLog(options.Folder);
        var runOptions = new RunOptions { Defects = options.Defects, DestinationTransferWindow = options.DestinationTransferWindow };
        var (space, resumed) = await SpaceAsync(baseScenario, runOptions, options.Folder, log, cancellationToken).ConfigureAwait(false);

        var plans = new PlacementPlans(baseScenario);
        var inventory = new MessageInventory(space.Inventory);
        var placements = PlacementSpace.Enumerate(inventory, options.Depth, options.Actions).ToList();
        var logged = await log.ReadAsync(cancellationToken).ConfigureAwait(false);
        var done = logged.Select(outcome => outcome.Key).ToHashSet(StringComparer.Ordinal);
        var pending = placements.Where(placement => !done.Contains(placement.Key)).ToList();
        var toRun = options.Budget is { } budget ? pending.Take((int)Math.Min(budget, int.MaxValue)).ToList() : pending;

        var perPlacement = TimeSpan.FromMilliseconds(space.FaultFreeMs + space.HoldMs);
        options.Listener.Planned(new ExplorePlanned(
            placements.Count,
            placements.Count - pending.Count,
            toRun.Count,
            perPlacement * placements.Count / options.Parallel,
            TimeSpan.FromMilliseconds(space.FaultFreeMs),
            resumed));

        // Fail fast: a failure already logged (the fault-free run's included) ends it before any placement runs.
        var (stop, ranNow) = options.FailFast && logged.Any(outcome => outcome.Failed)
            ? (ExploreStop.FirstFailure, 0L)
            : await RunPlacementsAsync(toRun, plans, runOptions, options, log, cancellationToken).ConfigureAwait(false);
        if (stop is null && toRun.Count < pending.Count)
        {
            stop = ExploreStop.Budget;
        }

        var outcomes = await log.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        return ExploreReports.Build(startedAt, clock.Elapsed, options, space, placements, plans, outcomes, ranNow, stop);
    }

    /// <summary>The folder's space when it has one (a resumed exploration), else a new one from a fault-free run, whose outcome opens the log.</summary>
    private static async Task<(ExploreSpace Space, bool Resumed)> SpaceAsync(Scenario baseScenario, RunOptions runOptions, string folder, ExploreLog log, CancellationToken cancellationToken)
    {
        var spacePath = Path.Combine(folder, ExploreSpace.FileName);
        if (File.Exists(spacePath))
        {
            var kept = await ExploreJson.ReadAsync<ExploreSpace>(spacePath, cancellationToken).ConfigureAwait(false)
                ?? throw new ExploreSetupException($"{spacePath} is empty");
            if (kept.MismatchWith(baseScenario) is { } mismatch)
            {
                throw new ExploreSetupException($"{folder} cannot be resumed with this scenario: {mismatch}");
            }

            return (kept, true);
        }

        var faultFree = baseScenario with { Faults = FaultPlan.Empty, Expect = Expectation.Holds, ExpectByClient = Scenario.SameForEveryClient };
        var result = await ScenarioRunner.RunAsync(faultFree, runOptions, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.End != RunEnd.Completed)
        {
            throw new ExploreSetupException($"the fault-free run of '{baseScenario.Name}' did not complete ({result.End}): {result.Error ?? result.Outcome}");
        }

        var space = new ExploreSpace(
            ExploreSpace.CurrentSchemaVersion,
            baseScenario.Name,
            baseScenario.Client,
            baseScenario.Workload,
            ExploreSpace.SettingsText(baseScenario),
            MessageInventory.FromTrace(result.History.Trace).Targets,
            result.Statistics.Duration.TotalMilliseconds,
            new PlacementPlans(baseScenario).Hold.TotalMilliseconds,
            File.Exists(baseScenario.File) ? Path.GetFullPath(baseScenario.File) : null);
        await ExploreJson.WriteAsync(space, spacePath, cancellationToken).ConfigureAwait(false);
        await log.AppendAsync(PlacementOutcome.Of(PlacementOutcome.FaultFreeKey, new Placement([]), result), cancellationToken).ConfigureAwait(false);
        return (space, false);
    }

    /// <summary>Runs the placements, <c>parallel</c> at once; returns what stopped it early (null when every one ran) and how many finished.</summary>
    private static async Task<(ExploreStop? Stop, long Finished)> RunPlacementsAsync(
        IReadOnlyList<Placement> placements, PlacementPlans plans, RunOptions runOptions, ExploreOptions options, ExploreLog log, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var next = -1;
        long finished = 0;
        long failing = 0;
        var timedOut = false;
        var failedFast = false;

        async Task WorkerAsync()
        {
            // Bounded: each turn takes a new placement, and there are placements.Count of them.
            while (!cancellationToken.IsCancellationRequested && !Volatile.Read(ref failedFast))
            {
                if (deadline.Elapsed >= options.TimeLimit)
                {
                    timedOut = true;
                    return;
                }

                var position = Interlocked.Increment(ref next);
                if (position >= placements.Count)
                {
                    return;
                }

                var placement = placements[position];
                var result = await ScenarioRunner.RunAsync(plans.ScenarioOf(placement), runOptions, cancellationToken).ConfigureAwait(false);
                if (result.End == RunEnd.Interrupted)
                {
                    // Not judged to the end: left out of the log, so a resumed exploration runs it again.
                    return;
                }

                var outcome = PlacementOutcome.Of(placement.Key, placement, result);
                await log.AppendAsync(outcome, CancellationToken.None).ConfigureAwait(false);
                var failingNow = outcome.Failed ? Interlocked.Increment(ref failing) : Interlocked.Read(ref failing);
                if (outcome.Failed && options.FailFast)
                {
                    Volatile.Write(ref failedFast, true);
                }

                options.Listener.PlacementFinished(outcome, Interlocked.Increment(ref finished), failingNow);
            }
        }

        var workers = Math.Min(options.Parallel, Math.Max(1, placements.Count));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkerAsync, CancellationToken.None))).ConfigureAwait(false);
        var ran = Interlocked.Read(ref finished);
        var stop = cancellationToken.IsCancellationRequested ? ExploreStop.Interrupted
            : failedFast && ran < placements.Count ? ExploreStop.FirstFailure
            : timedOut && ran < placements.Count ? ExploreStop.TimeLimit
            : (ExploreStop?)null;
        return (stop, ran);
    }
}
