using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Harness.Runner.Scenarios;

namespace Harness.Cli.Rendering;

/// <summary>
/// Progress for logs: no redrawing and no escape codes, only whole lines. Every ten seconds each scenario that has been
/// running that long gets a line with its calls so far; each finished scenario gets its line.
/// </summary>
internal sealed class PlainRunProgress : RunProgress
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly TextWriter _output;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Timer _timer;

    public PlainRunProgress(TextWriter output, int total)
        : base(total)
    {
        _output = output;
        _timer = new Timer(_ => WriteRunning(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public override async Task<T> TrackAsync<T>(Func<Task<T>> run)
    {
        _timer.Change(Period, Period);
        try
        {
            return await run().ConfigureAwait(false);
        }
        finally
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public override void ScenarioStarted(Scenario scenario, int totalCalls) =>
        _running[scenario.Name] = new Running(totalCalls, Stopwatch.StartNew());

    public override void CallCompleted(Scenario scenario, bool succeeded)
    {
        if (_running.TryGetValue(scenario.Name, out var running))
        {
            Interlocked.Increment(ref running.Completed);
        }
    }

    public override void Dispose() => _timer.Dispose();

    protected override void ShowFinished(FinishedScenario scenario)
    {
        _running.TryRemove(scenario.Name, out _);
        lock (_gate)
        {
            _output.WriteLine(scenario.PlainLine());
            _output.Flush();
        }
    }

    private void WriteRunning()
    {
        var running = _running.ToArray();
        lock (_gate)
        {
            // Only scenarios that have been running for a while get a progress line.
            foreach (var (name, state) in running.Where(pair => pair.Value.Clock.Elapsed >= Period))
            {
                _output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"       {name}: {Volatile.Read(ref state.Completed)}/{state.Total} calls, {state.Clock.Elapsed.TotalSeconds:0} s"));
            }

            _output.Flush();
        }
    }

    private sealed class Running(int total, Stopwatch clock)
    {
        public int Completed;

        public int Total { get; } = total;

        public Stopwatch Clock { get; } = clock;
    }
}
