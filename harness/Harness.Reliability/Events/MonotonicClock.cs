using System.Diagnostics;

namespace Harness.Reliability.Events;

/// <summary>
/// Monotonic time since the process started: events from client, proxy and service share it, so their order
/// survives wall-clock adjustments.
/// </summary>
public static class MonotonicClock
{
    private static readonly long Origin = Stopwatch.GetTimestamp();

    public static TimeSpan Now => Stopwatch.GetElapsedTime(Origin);
}
