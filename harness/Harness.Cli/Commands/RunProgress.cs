using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Harness.Cli.Terminal;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Spectre.Console;

namespace Harness.Cli.Commands;

/// <summary>
/// Progress of <c>harness run</c>: one line per finished scenario, and while scenarios run either a live status
/// (Spectre.Console, on a terminal) or, when output is redirected or <c>CI=true</c>, a plain progress line every ten
/// seconds.
/// </summary>
internal sealed class RunProgress : IRunListener, IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly int _total;
    private readonly bool _live;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly IAnsiConsole? _console;
    private readonly CancellationTokenSource _stopLive = new();
    private readonly Task _liveStatus = Task.CompletedTask;
    private int _finished;
    private int _met;

    private RunProgress(TextWriter output, int total, bool live)
    {
        _output = output;
        _total = total;
        _live = live;
        if (live)
        {
            _console = TerminalOutput.For(output);
            _liveStatus = _console.Live(new Text(string.Empty)).AutoClear(true).StartAsync(ShowStatusAsync);
        }
        else
        {
            _timer = new Timer(_ => WritePlainProgress(), null, PlainPeriod, PlainPeriod);
        }
    }

    private static TimeSpan PlainPeriod => TimeSpan.FromSeconds(10);

    /// <summary>Live when writing to the console of a terminal outside CI; plain otherwise.</summary>
    public static RunProgress Create(TextWriter output, int total) => new(output, total, TerminalOutput.IsLive(output));

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
            if (_console is not null)
            {
                // Written above the live status, which Spectre redraws below it.
                _console.Write(new Text(line + Environment.NewLine, new Style(result.ExpectationMet ? Color.Green : result.End == RunEnd.Skipped ? Color.Yellow : Color.Red)));
            }
            else
            {
                _output.WriteLine(line);
                _output.Flush();
            }
        }
    }

    /// <summary>Stops the live status and clears it, so the summary starts on a clean line.</summary>
    public async Task StopAsync()
    {
        _timer?.Change(Timeout.Infinite, Timeout.Infinite);
        await _stopLive.CancelAsync().ConfigureAwait(false);

        // The status loop ends at its next tick; the bound only guards against a console that stopped draining.
        await _liveStatus.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        _stopLive.Dispose();
    }

    /// <summary>The live status: counts, elapsed time and each running scenario's calls, redrawn four times a second.</summary>
    private async Task ShowStatusAsync(LiveDisplayContext live)
    {
        while (!_stopLive.IsCancellationRequested)
        {
            var running = _running.ToArray();
            var status = new Rows(
                new Text(string.Create(CultureInfo.InvariantCulture, $"{_finished}/{_total} done, {_met} met | {_clock.Elapsed:mm\\:ss}"), new Style(decoration: Decoration.Bold)),
                new Rows(running.Select(pair => new Text("  " + Describe(pair.Key, pair.Value)))));
            live.UpdateTarget(status);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _stopLive.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Plain mode: only scenarios that have been running for a while get a progress line.</summary>
    private void WritePlainProgress()
    {
        var running = _running.ToArray();
        lock (_gate)
        {
            foreach (var (name, state) in running.Where(pair => pair.Value.Clock.Elapsed >= PlainPeriod))
            {
                _output.WriteLine("       " + Describe(name, state));
            }

            _output.Flush();
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
