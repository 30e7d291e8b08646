using Harness.Proxy.Faults;

namespace Harness.Proxy.Decisions;

/// <summary>
/// How many messages of a session have passed the proxy in each direction; a reordered message waits here until
/// enough later ones have overtaken it.
/// </summary>
public sealed class SessionFlow
{
    private readonly Lock _gate = new();
    private readonly long[] _passed = new long[2];
    private readonly List<(FaultDirection Direction, long Target, TaskCompletionSource Signal)> _waiters = [];

    /// <summary>Records that a message of the session passed in <paramref name="direction"/>.</summary>
    public void Passed(FaultDirection direction)
    {
        List<TaskCompletionSource>? release = null;
        lock (_gate)
        {
            var passed = ++_passed[(int)direction];
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Direction == direction && _waiters[i].Target <= passed)
                {
                    (release ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        release?.ForEach(signal => signal.TrySetResult());
    }

    /// <summary>How many messages of the session have passed in <paramref name="direction"/> so far.</summary>
    public long PassedCount(FaultDirection direction)
    {
        lock (_gate)
        {
            return _passed[(int)direction];
        }
    }

    /// <summary>
    /// Waits until <paramref name="count"/> more messages passed than <paramref name="start"/> (a <see cref="PassedCount"/>
    /// taken when the held message arrived, so that none passing before the hold begins is missed), or
    /// <paramref name="maxHold"/>; returns how many did.
    /// </summary>
    public async Task<long> HoldAsync(FaultDirection direction, long start, int count, TimeSpan maxHold, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_passed[(int)direction] >= start + count)
            {
                return _passed[(int)direction] - start;
            }

            _waiters.Add((direction, start + count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(maxHold, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Signal == signal);
            }
        }

        lock (_gate)
        {
            return _passed[(int)direction] - start;
        }
    }
}
