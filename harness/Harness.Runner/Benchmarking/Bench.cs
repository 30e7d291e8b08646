using System.Diagnostics;
using System.Globalization;
using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Benchmarking.Goals;
using Harness.Runner.Benchmarking.Report;
using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Benchmarking;

/// <summary>
/// <c>harness bench</c>'s engine: runs the <see cref="BenchPlan"/> one run at a time, turns the runs into each
/// client's figures and judges the goals. Every run is bounded by <see cref="BenchOptions.RunTimeLimit"/>; once
/// <c>cancellationToken</c> fires, the run in progress stops, its rig is shut down and the bench throws
/// <see cref="OperationCanceledException"/>.
/// </summary>
public static class Bench
{
    private const double Megabyte = 1024 * 1024;

    public static async Task<BenchReport> RunAsync(BenchOptions options, IBenchListener listener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listener);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var startedAt = DateTimeOffset.UtcNow;
        var duration = Stopwatch.StartNew();
        var machine = await MachineInfo.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var measured = new List<(BenchStep Step, RunMeasurement Measurement)>();
        var memory = new Dictionary<ClientKind, MemoryFigures>();
        foreach (var step in BenchPlan.For(options))
        {
            listener.StepStarted(step);
            var calls = new StepCalls(listener, step);
            RunMeasurement measurement;
            if (step.Phase == BenchPhase.Memory)
            {
                (measurement, memory[step.Spec.Client]) = await MeasureMemoryAsync(step.Spec, calls, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                measurement = await BenchRun.MeasureAsync(step.Spec, calls, cancellationToken).ConfigureAwait(false);
            }

            listener.StepFinished(step, measurement);
            measured.Add((step, measurement));
        }

        var clients = BenchPlan.Clients.Select(client =>
        {
            var own = measured.Where(run => run.Step.Spec.Client == client).ToList();
            var paths = own.Where(run => run.Step.Phase == BenchPhase.Paths).Select(run => new PathRun(run.Step.Round, run.Step.Spec.Path, run.Measurement)).ToList();
            var loss = own.Where(run => run.Step.Phase == BenchPhase.Loss).Select(run => new LossRun(run.Step.Round, run.Step.Spec.LossRate, run.Measurement)).ToList();
            return new ClientFigures(client, FigureBuilder.Paths(paths), FigureBuilder.Loss(loss), FigureBuilder.Retransmissions(loss), memory.GetValueOrDefault(client));
        }).ToList();

        return new BenchReport
        {
            StartedAt = startedAt,
            DurationSeconds = duration.Elapsed.TotalSeconds,
            Machine = machine,
            Options = options,
            Workloads = Workloads(options),
            Clients = clients,
            Goals = BenchGoals.Evaluate(clients),
            Notes = [.. measured.SelectMany(run => Notes(run.Step, run.Measurement))],
        };
    }

    /// <summary>What each part runs, in words.</summary>
    public static BenchWorkloads Workloads(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inFlight = string.Create(CultureInfo.InvariantCulture, $"{options.CallsInFlight} in flight per session");
        var rates = string.Join(" and ", BenchOptions.LossRates.Select(rate => rate.ToString("0.##%", CultureInfo.InvariantCulture)));
        return new BenchWorkloads(
            string.Create(
                CultureInfo.InvariantCulture,
                $"request-reply Appends, {options.Sessions} sessions x {options.CallsPerRun / options.Sessions} calls per run ({inFlight}, {options.PayloadSize}-character payloads); "
                + $"{options.Rounds} round(s), each running every path once per client"),
            string.Create(
                CultureInfo.InvariantCulture,
                $"one-way Posts (one-way-only contract), {options.Sessions} sessions x {options.LossCallsPerRun / options.Sessions} calls per run ({inFlight}, each run stopped after {options.LossRunTimeLimit.TotalSeconds:0} s) "
                + $"through the fault proxy with its trace; a seeded rule drops the first sends of application requests (retransmissions get through) at {rates}; "
                + $"{options.LossRounds} round(s), each running lossless and every rate once per client"),
            string.Create(
                CultureInfo.InvariantCulture,
                $"one-way Posts, {options.MemorySessions} sessions x {options.MemoryMessages} messages ({inFlight}) through the fault proxy with its trace, as in a harness run; {MemorySampler.Method}"));
    }

    private static async Task<(RunMeasurement, MemoryFigures)> MeasureMemoryAsync(BenchRunSpec spec, IRunListener calls, CancellationToken cancellationToken)
    {
        // What the earlier runs left behind is collected first, so that the baseline is what the process holds idle.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        RunMeasurement measurement;
        long peakHeap;
        long peakWorkingSet;
        var sampler = MemorySampler.Start(cancellationToken);
        await using (sampler.ConfigureAwait(false))
        {
            measurement = await BenchRun.MeasureAsync(spec, calls, cancellationToken).ConfigureAwait(false);
        }

        peakHeap = sampler.PeakHeapBytes;
        peakWorkingSet = sampler.PeakWorkingSetBytes;
        var figures = new MemoryFigures(spec.Path, spec.Sessions, spec.CallsPerSession, measurement.Delivered, measurement.Elapsed.TotalSeconds, before / Megabyte, peakHeap / Megabyte, peakWorkingSet / Megabyte);
        return (measurement, figures);
    }

    /// <summary>What a reader of the figures should know about a run that did not go as planned.</summary>
    private static IEnumerable<string> Notes(BenchStep step, RunMeasurement run)
    {
        if (run.TimedOut)
        {
            // Expected of a lossy run of a slow client; its losses near the end may not have been retransmitted yet.
            yield return string.Create(CultureInfo.InvariantCulture, $"{step.Label}: stopped at its {step.Spec.TimeLimit.TotalSeconds:0} s limit with {run.Delivered} of {run.Calls} calls delivered");
        }
        else if (run.Delivered < run.Calls)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{step.Label}: {run.Delivered} of {run.Calls} calls delivered");
        }

        if (run.FaultedSessions > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{step.Label}: {run.FaultedSessions} session(s) faulted");
        }
    }

    /// <summary>The session drivers' per-call progress, passed on as the step's.</summary>
    private sealed class StepCalls(IBenchListener listener, BenchStep step) : IRunListener
    {
        public void ScenarioStarted(Scenario scenario, int totalCalls)
        {
        }

        public void CallCompleted(Scenario scenario, bool succeeded) => listener.CallCompleted(step);

        public void ScenarioFinished(ScenarioResult result)
        {
        }
    }
}
