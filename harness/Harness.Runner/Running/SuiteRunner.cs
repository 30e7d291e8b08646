using Harness.Runner.Scenarios;

namespace Harness.Runner.Running;

/// <summary>Runs scenarios one after another, or up to <c>parallel</c> at once, each with its own service, proxy and ports.</summary>
public static class SuiteRunner
{
    /// <summary>
    /// Results come back in the scenarios' order. Once <paramref name="cancellationToken"/> fires, the scenarios
    /// running finish as interrupted (with partial results) and the ones not started are left out.
    /// </summary>
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(IReadOnlyList<Scenario> scenarios, RunOptions options, int parallel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);

        var results = new ScenarioResult?[scenarios.Count];
        var next = -1;

        async Task WorkerAsync()
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var position = Interlocked.Increment(ref next);
                if (position >= scenarios.Count)
                {
                    return;
                }

                results[position] = await ScenarioRunner.RunAsync(scenarios[position], options, cancellationToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(parallel, Math.Max(1, scenarios.Count))).Select(_ => Task.Run(WorkerAsync, CancellationToken.None))).ConfigureAwait(false);
        return [.. results.OfType<ScenarioResult>()];
    }
}
