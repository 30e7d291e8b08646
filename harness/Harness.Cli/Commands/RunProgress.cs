using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Cli.Commands;

/// <summary>
/// Progress of <c>harness run</c>: one line per finished scenario, and while scenarios run either a live status line
/// (on a terminal) or, when output is redirected or <c>CI=true</c>, a plain progress line every ten seconds.
/// </summary>
internal sealed class RunProgress : IRunListener, IDisposable
{
    private readonly TextWriter _output;
    private readonly int _total;
    private readonly bool _live;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private int _finished;
    private int _met;
    private bool _statusShown;

    private RunProgress(TextWriter output, int total, bool live)
    {
        _output = output;
        _total = total;
        _live = live;
        var period = live ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(10);
        _timer = new Timer(_ => Tick(), null, period, period);
    }

    /// <summary>Live when writing to the console of a terminal outside CI; plain otherwise.</summary>
    public static RunProgress Create(TextWriter output, int total)
    {
        var ci = Environment.GetEnvironmentVariable("CI") is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        return new RunProgress(output, total, live: terminal && !ci);
    }

    public void ScenarioStarted(Scenario scenario, int totalCalls) =>
        _running[scenario.Name] = new Running(totalCalls, Stopwatch.StartNew());

    public void CallCompleted(Scenario scenario, bool succeeded)
    {
        if (_running.TryGetValue(scenario.Name, out var running))
        {
            Interlocked.Increment(ref running.Completed);
        }
    }

    public void ScenarioFinished(ScenarioResult result)
    {
        _running.TryRemove(result.Scenario.Name, out _);
        var finished = Interlocked.Increment(ref _finished);
        if (result.ExpectationMet)
        {
            Interlocked.Increment(ref _met);
        }

        var verdict = result.ExpectationMet ? "PASS" : result.End switch { RunEnd.Error => "ERROR", RunEnd.Skipped => "SKIP", _ => "FAIL" };
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{finished}/{_total}] {verdict,-5} {result.Scenario.Name} ({result.Statistics.Duration.TotalSeconds:0.0} s): {result.Error ?? result.SkipReason ?? result.Outcome}");
        lock (_gate)
        {
            ClearStatus();
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    /// <summary>Stops the status line and clears it, so the summary starts on a clean line.</summary>
    public void Stop()
    {
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        lock (_gate)
        {
            ClearStatus();
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        var running = _running.ToArray();
        lock (_gate)
        {
            if (_live)
            {
                var status = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{_finished}/{_total} done, {_met} met | {_clock.Elapsed:mm\\:ss} | {string.Join(", ", running.Select(pair => Describe(pair.Key, pair.Value)))}");
                var width = Console.IsOutputRedirected ? 120 : Math.Max(40, Console.WindowWidth - 1);
                _output.Write("\r\u001b[2K" + (status.Length > width ? status[..(width - 1)] + "…" : status));
                _output.Flush();
                _statusShown = true;
            }
            else
            {
                // Plain mode: only scenarios that have been running for a while get a progress line.
                foreach (var (name, state) in running.Where(pair => pair.Value.Clock.Elapsed >= TimeSpan.FromSeconds(10)))
                {
                    _output.WriteLine("       " + Describe(name, state));
                }

                _output.Flush();
            }
        }
    }

    private void ClearStatus()
    {
        if (_statusShown)
        {
            _output.Write("\r\u001b[2K");
            _statusShown = false;
        }
    }

    private static string Describe(string name, Running state) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}: {Volatile.Read(ref state.Completed)}/{state.Total} calls, {state.Clock.Elapsed.TotalSeconds:0} s");

    private sealed class Running(int total, Stopwatch clock)
    {
        public int Completed;

        public int Total { get; } = total;

        public Stopwatch Clock { get; } = clock;
    }
}
