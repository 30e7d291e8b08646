using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Decisions;

/// <summary>
/// The proxy's partition state: until it ends, every message of every session is lost. A partition started while
/// one is in force extends it; the answer the client gets is the latest partition's.
/// </summary>
internal sealed class NetworkPartition
{
    private long _endsAtTicks = long.MinValue;
    private int _answer;

    /// <summary>The action that loses a message arriving at <paramref name="now"/>, or null when no partition is in force.</summary>
    public FaultAction? InForce(TimeSpan now) =>
        now.Ticks < Volatile.Read(ref _endsAtTicks) ? PartitionAction.InForce((LostAnswer)Volatile.Read(ref _answer)) : null;

    public void Start(TimeSpan now, TimeSpan duration, LostAnswer answer)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        Volatile.Write(ref _answer, (int)answer);
        var endsAt = (now + duration).Ticks;
        long current;
        do
        {
            current = Volatile.Read(ref _endsAtTicks);
        }
        while (current < endsAt && Interlocked.CompareExchange(ref _endsAtTicks, endsAt, current) != current);
    }
}
