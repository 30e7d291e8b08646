namespace Harness.Runner.Scenarios;

/// <summary>What the clients send in a scenario: every session carries the same calls.</summary>
/// <param name="Sessions">Reliable sessions opened, one after the other's creation; at least 1.</param>
/// <param name="Messages">Application messages per session; at least 1.</param>
/// <param name="Operation">Whether each call waits for a reply.</param>
/// <param name="PayloadSize">Characters in each message's payload; at least 1.</param>
/// <param name="Concurrency">Calls in flight at once per session; at least 1.</param>
public sealed record Workload(int Sessions, int Messages, WorkloadOperation Operation, int PayloadSize, int Concurrency)
{
    /// <summary>One session of ten request-reply calls, eight in flight: small, yet enough to overlap retransmissions.</summary>
    public static readonly Workload Default = new(Sessions: 1, Messages: 10, WorkloadOperation.RequestReply, PayloadSize: 16, Concurrency: 8);
}

/// <summary>The service operation each call uses; YAML names are kebab-case (<c>request-reply</c>, <c>one-way</c>).</summary>
public enum WorkloadOperation
{
    /// <summary>The service's <c>Append</c>: the reply carries acknowledgements back on the same HTTP exchange.</summary>
    RequestReply,

    /// <summary>The service's <c>Post</c>: acknowledgements come back on otherwise empty answers.</summary>
    OneWay,
}

/// <summary>What the checker must conclude for the scenario to pass; YAML names are kebab-case.</summary>
public enum Expectation
{
    /// <summary>Every invariant holds: the faults were repaired.</summary>
    Holds,

    /// <summary>Some invariant is violated: a negative control proving the checker can see the fault.</summary>
    Violated,

    /// <summary>The sessions fault (e.g. retries run out) without any invariant being violated.</summary>
    SessionFaults,
}
