using Harness.Protocol.Timing;

namespace Harness.Reliability.Events;

/// <summary>
/// Monotonic time since the process started (<see cref="RunClock.System"/>): events from client, proxy and service
/// share it, so their order survives wall-clock adjustments.
/// </summary>
public static class MonotonicClock
{
    public static TimeSpan Now => RunClock.System.Elapsed;
}
