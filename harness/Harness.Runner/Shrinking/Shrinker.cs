using System.Diagnostics;
using Harness.Proxy.Faults.Actions;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Runner.Shrinking;

/// <summary>What to shrink: a failing run of one scenario, as its file, seed, client and fault decisions.</summary>
/// <param name="ScenarioFile">The scenario file the run loaded.</param>
/// <param name="ScenarioYaml">Its text (the shrunk scenario is written from it).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Client">The client the run used.</param>
/// <param name="Placements">Every fault the proxy applied in the run.</param>
/// <param name="Invariant">The broken guarantee that must persist.</param>
public sealed record ShrinkRequest(string ScenarioFile, string ScenarioYaml, long Seed, ClientKind Client, IReadOnlyList<FaultPlacement> Placements, Invariant Invariant)
{
    /// <summary>The external service the run was made against (<c>harness run --target</c>); null for the in-process one.</summary>
    public Uri? Target { get; init; }
}

/// <summary>Bounds of a shrink, and how its runs are made.</summary>
public sealed record ShrinkOptions
{
    /// <summary>Scenario runs at most, the first check included.</summary>
    public int MaxRuns { get; init; } = 200;

    /// <summary>Once this has passed, no new run starts; the smallest failing set so far is the result.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How every run is made (the in-process service by default; tests give deliberately broken destinations).</summary>
    public RunOptions Run { get; init; } = new();

    /// <summary>Told of every run as it ends; called from the shrinking task.</summary>
    public Action<ShrinkProgress>? Progress { get; init; }
}

/// <summary>Which part of shrinking a run belongs to.</summary>
public enum ShrinkPhase
{
    /// <summary>The failing run's own faults, run once to see that they still fail.</summary>
    Reproduce,

    /// <summary>Delta debugging: a subset of the faults.</summary>
    Remove,

    /// <summary>One fault made milder (<see cref="FaultWeakening"/>).</summary>
    Weaken,
}

/// <summary>A run made while shrinking: how many faults it had, and whether the failure persisted.</summary>
/// <param name="Weakened">In <see cref="ShrinkPhase.Weaken"/>, the fault tried milder, with its action before and after.</param>
public sealed record ShrinkProgress(int Run, int Faults, bool Failed, int SmallestFailing, TimeSpan Elapsed)
{
    public ShrinkPhase Phase { get; init; } = ShrinkPhase.Remove;

    public ShrunkFault? Weakened { get; init; }
}

/// <summary>The outcome: the faults before and after, the scenario that reproduces the failure, and what it cost.</summary>
/// <param name="Before">Every fault of the failing run.</param>
/// <param name="After">Where the faults that are left hit (their actions, perhaps weakened, are in <see cref="AfterFaults"/>).</param>
/// <param name="Reproduced">False when the failing run's own faults no longer break the invariant (nothing was shrunk).</param>
/// <param name="Violation">A violation of the invariant with the smallest set, as the checker words it.</param>
public sealed record ShrinkResult(
    IReadOnlyList<FaultPlacement> Before, IReadOnlyList<FaultPlacement> After, bool Reproduced, string? Violation, string ScenarioYaml, int Runs, bool BudgetSpent, TimeSpan Elapsed)
{
    /// <summary>The faults left, in the order of <see cref="After"/>, each with its action before and after weakening.</summary>
    public IReadOnlyList<ShrunkFault> AfterFaults { get; init; } = [];

    /// <summary>The client every shrinking run used.</summary>
    public ClientKind Client { get; init; }

    /// <summary>Runs spent on weakening (tried steps, kept or not).</summary>
    public int WeakeningRuns { get; init; }

    /// <summary>
    /// The shrink was cancelled (Ctrl+C): no run started after it, and the one running was not counted, so
    /// <see cref="After"/> is the smallest failing set found by then (fewer faults may still break it).
    /// </summary>
    public bool Interrupted { get; init; }
}

/// <summary>
/// Shrinks a failing run to the fewest and mildest faults that still break the same guarantee: each fault the proxy
/// applied becomes a rule matching that send alone, delta debugging removes faults while the failure persists, then
/// each fault left is made milder step by step (<see cref="FaultWeakening"/>) while the failure persists, all within
/// one budget of runs and time.
/// </summary>
public static class Shrinker
{
    public static async Task<ShrinkResult> ShrinkAsync(ShrinkRequest request, ShrinkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);

        var writer = new ShrunkScenarioYaml(request.ScenarioYaml, request.ScenarioFile);
        var original = ScenarioLoader.Parse(request.ScenarioYaml, request.ScenarioFile);
        var name = original.Name + "-shrunk";
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var budgetSpent = false;
        var interrupted = false;
        var smallest = request.Placements.Count;
        string? lastViolation = null;

        // A message lost while a partition is in force is the partition's doing (no rule of its own, index -1): the
        // placement of the rule that started the partition brings it back.
        var before = request.Placements.Where(placement => placement.RuleIndex >= 0).ToList();
        var faults = before.Select(placement => ShrunkFault.Unchanged(placement, RuleAction(original, placement))).ToList();

        string Write(IReadOnlyList<ShrunkFault> candidate) =>
            writer.Write(candidate, name, Description(original, request, candidate), request.Seed, request.Client);

        // Cancellation ends the shrink like a spent budget, not with an exception: every later candidate counts as
        // passing without a run, so delta debugging and weakening wind down to the smallest failing set found so far.
        async Task<bool> FailsAsync(IReadOnlyList<ShrunkFault> candidate, ShrinkPhase phase, ShrunkFault? weakened)
        {
            if (interrupted || cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                return false;
            }

            if (runs >= options.MaxRuns || clock.Elapsed >= options.TimeLimit)
            {
                budgetSpent = true;
                return false;
            }

            runs++;
            var yaml = Write(candidate);
            var scenario = ScenarioLoader.Parse(yaml, name + ".yaml").ForClient(request.Client)
                ?? throw new InvalidOperationException($"{name} does not run with the {ScenarioLoader.Clients.NameOf(request.Client)} client");
            ScenarioResult result;
            try
            {
                result = await ScenarioRunner.RunAsync(scenario, options.Run with { Seed = request.Seed }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                return false;
            }

            if (result.End == RunEnd.Interrupted || cancellationToken.IsCancellationRequested)
            {
                // Cut short, so it proves nothing either way.
                interrupted = true;
                return false;
            }

            var violation = result.Verdict.Violations.FirstOrDefault(v => v.Invariant == request.Invariant);
            if (violation is not null && candidate.Count <= smallest)
            {
                smallest = candidate.Count;
                lastViolation = violation.Message;
            }

            options.Progress?.Invoke(new ShrinkProgress(runs, candidate.Count, violation is not null, smallest, clock.Elapsed) { Phase = phase, Weakened = weakened });
            return violation is not null;
        }

        if (!await FailsAsync(faults, ShrinkPhase.Reproduce, null).ConfigureAwait(false))
        {
            return new ShrinkResult(before, before, false, null, Write(faults), runs, budgetSpent, clock.Elapsed) { AfterFaults = faults, Client = request.Client, Interrupted = interrupted };
        }

        // The searches get no token of their own: a cancellation reaches them through FailsAsync, as described there.
        var after = (await DeltaDebugging.MinimizeAsync(faults, (candidate, _) => FailsAsync(candidate, ShrinkPhase.Remove, null), CancellationToken.None).ConfigureAwait(false)).ToList();
        var runsBeforeWeakening = runs;
        await WeakenAsync(after, (candidate, weakened, _) => FailsAsync(candidate, ShrinkPhase.Weaken, weakened), CancellationToken.None).ConfigureAwait(false);
        return new ShrinkResult(before, [.. after.Select(fault => fault.Placement)], true, lastViolation, Write(after), runs, budgetSpent, clock.Elapsed)
        {
            AfterFaults = after,
            Client = request.Client,
            WeakeningRuns = runs - runsBeforeWeakening,
            Interrupted = interrupted,
        };
    }

    /// <summary>
    /// Makes each fault of <paramref name="faults"/> (changed in place) milder, one step at a time, keeping a step only
    /// when <paramref name="fails"/> says the failure survives it with the other faults as they are.
    /// </summary>
    /// <param name="fails">Whether the faults, with the one given changed, still fail; false when it cannot be told (the budget is spent).</param>
    public static async Task WeakenAsync(List<ShrunkFault> faults, Func<IReadOnlyList<ShrunkFault>, ShrunkFault, CancellationToken, Task<bool>> fails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(fails);
        for (var i = 0; i < faults.Count; i++)
        {
            var stepped = true;
            while (stepped)
            {
                stepped = false;
                foreach (var milder in FaultWeakening.MilderSteps(faults[i].Action))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var candidate = faults[i] with { Action = milder };
                    List<ShrunkFault> trial = [.. faults];
                    trial[i] = candidate;
                    if (await fails(trial, candidate, cancellationToken).ConfigureAwait(false))
                    {
                        faults[i] = candidate;
                        stepped = true;
                        break;
                    }
                }
            }
        }
    }

    /// <summary>The action of the rule that made the decision.</summary>
    private static FaultAction RuleAction(Scenario original, FaultPlacement placement) =>
        placement.RuleIndex < original.Faults.Rules.Count
            ? original.Faults.Rules[placement.RuleIndex].Action
            : throw new ScenarioLoadException(original.File, $"the run's decision '{placement}' names rule {placement.RuleIndex + 1}, which the scenario file does not have (was it changed since the run?)");

    /// <summary>What the shrunk scenario is for; a regression test when the original expected its guarantees to hold.</summary>
    private static string Description(Scenario original, ShrinkRequest request, IReadOnlyList<ShrunkFault> faults)
    {
        var weakened = faults.Count(fault => fault.IsWeakened);
        return $"Found by harness shrink from a failing run of '{original.Name}' (seed {request.Seed}): these {faults.Count} fault(s)"
            + (weakened > 0 ? $", {weakened} of them milder than in that run," : string.Empty)
            + $" alone break {request.Invariant} with the {ScenarioLoader.Clients.NameOf(request.Client)} client."
            + (original.Expect == Expectation.Violated
                ? string.Empty
                : " A regression test: it meets its expectation once the bug it found is fixed.");
    }
}
