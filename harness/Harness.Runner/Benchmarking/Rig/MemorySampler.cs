namespace Harness.Runner.Benchmarking.Rig;

/// <summary>
/// Samples the managed heap and the process's working set on a timer and keeps the highest of each. The heap is read
/// without forcing a collection, so the peak includes garbage not yet collected: what the process really held.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20); // as Method says

    private readonly CancellationTokenSource _stop;
    private readonly Task _sampling;
    private long _peakHeap;
    private long _peakWorkingSet;

    private MemorySampler(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Sample();
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>What the figures are, for the output.</summary>
    public const string Method = "peak managed heap (GC.GetTotalMemory, no forced collection) and peak working set of the whole process, sampled every 20 ms";

    /// <summary>Read once sampling has stopped.</summary>
    public long PeakHeapBytes => _peakHeap;

    /// <summary>Read once sampling has stopped.</summary>
    public long PeakWorkingSetBytes => _peakWorkingSet;

    /// <summary>Samples until disposed or <paramref name="cancellationToken"/> fires, whichever is first.</summary>
    public static MemorySampler Start(CancellationToken cancellationToken) => new(cancellationToken);

    /// <summary>Stops sampling after one last sample.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        Sample();
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    // Never two at once: the first before the loop starts, the last after it has ended.
    private void Sample()
    {
        _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        _peakWorkingSet = Math.Max(_peakWorkingSet, Environment.WorkingSet);
    }
}
