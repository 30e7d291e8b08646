using System.Globalization;
using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Benchmarking;

/// <summary>
/// Every run of a bench, in order, decided before the first starts (so progress knows the total): a warm-up, the
/// memory run, then rounds of the path comparison and rounds of the loss comparison. Within a round every client
/// runs every path (or loss rate) back to back, in an order rotated from round to round, so that neither a path's
/// place in the round nor a burst of load from another process favours one path over another.
/// </summary>
public static class BenchPlan
{
    public static IReadOnlyList<ClientKind> Clients { get; } = [ClientKind.Harness, ClientKind.Wcf];

    public static IReadOnlyList<BenchStep> For(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runs = new List<(BenchPhase Phase, int Round, BenchRunSpec Spec, string Label)>();
        foreach (var client in Clients)
        {
            foreach (var path in BenchPaths.All)
            {
                runs.Add((BenchPhase.WarmUp, 0, PathRun(options, client, path, options.WarmUpCalls), $"warm-up: {Name(client)}, {BenchPaths.Describe(path)}"));
            }

            runs.Add((BenchPhase.WarmUp, 0, LossRun(options, client, 0, 0, options.WarmUpCalls) with { TimeLimit = options.RunTimeLimit }, $"warm-up: {Name(client)}, one-way"));
        }

        foreach (var client in Clients)
        {
            runs.Add((BenchPhase.Memory, 0, MemoryRun(options, client), string.Create(CultureInfo.InvariantCulture, $"memory: {Name(client)}, {options.MemorySessions} sessions x {options.MemoryMessages} messages")));
        }

        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var client in Clients)
            {
                foreach (var path in Rotated(BenchPaths.All, round))
                {
                    runs.Add((BenchPhase.Paths, round, PathRun(options, client, path, options.CallsPerRun), string.Create(CultureInfo.InvariantCulture, $"paths {round + 1}/{options.Rounds}: {Name(client)}, {BenchPaths.Describe(path)}")));
                }
            }
        }

        IReadOnlyList<double> rates = [0, .. BenchOptions.LossRates];
        for (var round = 0; round < options.LossRounds; round++)
        {
            foreach (var client in Clients)
            {
                foreach (var rate in Rotated(rates, round))
                {
                    runs.Add((BenchPhase.Loss, round, LossRun(options, client, rate, round, options.LossCallsPerRun), string.Create(CultureInfo.InvariantCulture, $"loss {round + 1}/{options.LossRounds}: {Name(client)}, {rate:0.##%} loss")));
                }
            }
        }

        return [.. runs.Select((run, index) => new BenchStep(index + 1, runs.Count, run.Phase, run.Round, run.Spec, run.Label))];
    }

    /// <summary>What the output calls a client.</summary>
    public static string Name(ClientKind client) => client == ClientKind.Wcf ? "WCF client" : "harness client";

    /// <summary>Request-reply Appends: every call's latency is its round trip, for either client.</summary>
    private static BenchRunSpec PathRun(BenchOptions options, ClientKind client, BenchPath path, int calls) =>
        new(client, path, WorkloadOperation.RequestReply, options.Sessions, calls / options.Sessions, options.CallsInFlight, options.PayloadSize) { TimeLimit = options.RunTimeLimit };

    /// <summary>One-way Posts through the traced fault proxy, which counts what it drops and what is sent again.</summary>
    private static BenchRunSpec LossRun(BenchOptions options, ClientKind client, double rate, int round, int calls) =>
        new(client, BenchPath.FaultProxyTraced, WorkloadOperation.OneWay, options.Sessions, calls / options.Sessions, options.CallsInFlight, options.PayloadSize)
        {
            LossRate = rate,
            Seed = options.Seed + round,
            TimeLimit = options.LossRunTimeLimit,
        };

    /// <summary>One-way Posts through the traced fault proxy, as a <c>harness run</c> has it.</summary>
    private static BenchRunSpec MemoryRun(BenchOptions options, ClientKind client) =>
        new(client, BenchPath.FaultProxyTraced, WorkloadOperation.OneWay, options.MemorySessions, options.MemoryMessages, options.CallsInFlight, options.PayloadSize) { TimeLimit = options.RunTimeLimit };

    private static IEnumerable<T> Rotated<T>(IReadOnlyList<T> items, int by) =>
        items.Skip(by % items.Count).Concat(items.Take(by % items.Count));
}
