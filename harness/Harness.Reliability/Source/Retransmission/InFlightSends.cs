namespace Harness.Reliability.Source.Retransmission;

/// <summary>The sends and retransmission loops a session has started and not seen end, so that disposal can wait for them.</summary>
internal sealed class InFlightSends
{
    private readonly Lock _gate = new();
    private readonly List<Task> _tasks = [];

    public void Track(Task task)
    {
        lock (_gate)
        {
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(task);
        }
    }

    public Task[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _tasks];
        }
    }
}
