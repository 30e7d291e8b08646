using System.Threading.Channels;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Cli.Commands;

/// <summary>
/// Keeps the run's report folder up to date as scenarios finish (in the background, so the run never waits for the
/// disk), so that a run stopped halfway, even killed, leaves a readable report of what finished.
/// </summary>
internal sealed class ReportUpdater : IRunListener, IAsyncDisposable
{
    private readonly string _folder;
    private readonly RunInfo _run;
    private readonly TextWriter _error;
    private readonly Channel<ScenarioResult> _finished = Channel.CreateUnbounded<ScenarioResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<ScenarioResult, ScenarioReport> _reports = new(ReferenceEqualityComparer.Instance);
    private readonly List<ScenarioReport> _inFinishOrder = [];
    private readonly Task _writer;
    private bool _writeFailed;

    public ReportUpdater(string folder, RunInfo run, TextWriter error)
    {
        _folder = folder;
        _run = run;
        _error = error;
        _writer = Task.Run(WriteAsFinishedAsync);
    }

    public void ScenarioStarted(Scenario scenario, int totalCalls)
    {
    }

    public void CallCompleted(Scenario scenario, bool succeeded)
    {
    }

    public void ScenarioFinished(ScenarioResult result) => _finished.Writer.TryWrite(result);

    /// <summary>Writes the final report: every result in the scenarios' order.</summary>
    public async Task<RunReport> CompleteAsync(IReadOnlyList<ScenarioResult> results, bool interrupted)
    {
        _finished.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        var scenarios = results.Select(result => _reports.TryGetValue(result, out var built) ? built : ScenarioReportBuilder.Build(result)).ToList();
        var report = RunReportBuilder.Build(_run, scenarios, interrupted, DateTimeOffset.UtcNow);
        await WriteAsync(report).ConfigureAwait(false);
        return report;
    }

    public async ValueTask DisposeAsync()
    {
        _finished.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsFinishedAsync()
    {
        while (await _finished.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_finished.Reader.TryRead(out var result))
            {
                var built = ScenarioReportBuilder.Build(result);
                _reports[result] = built;
                _inFinishOrder.Add(built);
            }

            // Partial: marked interrupted until the run completes, which is what it is if the process dies now.
            await WriteAsync(RunReportBuilder.Build(_run, _inFinishOrder, interrupted: true, DateTimeOffset.UtcNow)).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(RunReport report)
    {
        try
        {
            // Not cancellable: the report of an interrupted run is exactly what must still be written.
            await RunFolder.WriteAsync(_folder, report, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_writeFailed)
            {
                _writeFailed = true;
                await _error.WriteLineAsync($"harness run: cannot write the report to {_folder}: {e.Message}").ConfigureAwait(false);
            }
        }
    }
}
