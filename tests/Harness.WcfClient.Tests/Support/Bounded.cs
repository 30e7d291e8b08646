namespace Harness.WcfClient.Tests.Support;

/// <summary>Every wait in these tests has a bound, so a hang fails the test instead of the CI job.</summary>
internal static class Bounded
{
    /// <summary>A generous bound for one test: a lost message costs the WCF client 0.5–2 s, a test makes few.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public static CancellationTokenSource Test() => new(TestTimeout);

    /// <summary>Polls until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <paramref name="limit"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"The condition did not hold within {limit.TotalSeconds:0.#} s.");
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}
