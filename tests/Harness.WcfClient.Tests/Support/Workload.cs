using System.Collections.Concurrent;
using Harness.Reliability.Journal;
using Harness.Reliability.Source;

namespace Harness.WcfClient.Tests.Support;

/// <summary>Calls of the journal contract numbered 1..n, each with a payload that shows escaping or truncation.</summary>
internal static class Workload
{
    /// <summary>Markup characters and non-ASCII text, so a payload that is mis-escaped or mis-encoded does not match.</summary>
    public static string PayloadOf(int sequence) => $"call {sequence}: <a & b> \"grüße\" ✓";

    /// <summary>Appends 1..<paramref name="count"/> one after another; returns each Append's result, in call order.</summary>
    public static async Task<IReadOnlyList<int>> AppendInTurnAsync(IJournalSession session, int count, CancellationToken cancellationToken)
    {
        var results = new List<int>(count);
        for (var sequence = 1; sequence <= count; sequence++)
        {
            results.Add(await session.AppendAsync(sequence, PayloadOf(sequence), cancellationToken));
        }

        return results;
    }

    public static async Task PostInTurnAsync(IJournalSession session, int count, CancellationToken cancellationToken)
    {
        for (var sequence = 1; sequence <= count; sequence++)
        {
            await session.PostAsync(sequence, PayloadOf(sequence), cancellationToken);
        }
    }

    /// <summary>Runs 1..<paramref name="count"/> in turn as <paramref name="operation"/>; Append results are returned, Posts give none.</summary>
    public static async Task<IReadOnlyList<int>> CallInTurnAsync(IJournalSession session, JournalOperation operation, int count, CancellationToken cancellationToken)
    {
        if (operation == JournalOperation.Append)
        {
            return await AppendInTurnAsync(session, count, cancellationToken);
        }

        await PostInTurnAsync(session, count, cancellationToken);
        return [];
    }

    /// <summary>
    /// Appends <paramref name="count"/> calls numbered from <paramref name="first"/>, keeping <paramref name="inFlight"/>
    /// outstanding on the one channel; returns each call's result by its sequence.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, int>> AppendConcurrentlyAsync(IJournalSession session, int first, int count, int inFlight, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<int, int>();
        using var slots = new SemaphoreSlim(inFlight);
        var calls = new List<Task>(count);
        for (var sequence = first; sequence < first + count; sequence++)
        {
            await slots.WaitAsync(cancellationToken);
            var number = sequence;
            calls.Add(CallAsync(number));
        }

        await Task.WhenAll(calls);
        return results;

        async Task CallAsync(int number)
        {
            try
            {
                results[number] = await session.AppendAsync(number, PayloadOf(number), cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    /// <summary>
    /// The journal of one session holds calls 1..<paramref name="count"/> of <paramref name="operation"/>, each once, in
    /// call order, as the messages of the same numbers, with their payloads.
    /// </summary>
    public static void ShouldHoldEveryCallOnceInOrder(IReadOnlyList<JournalEntry> entries, JournalOperation operation, int count)
    {
        var expected = Enumerable.Range(1, count).ToArray();
        entries.Select(e => e.Sequence).Should().Equal(expected, "every call is delivered exactly once, in call order");
        entries.Select(e => e.Payload).Should().Equal(expected.Select(n => PayloadDigest.Of(PayloadOf(n))), "each delivery carries its call's payload");
        entries.Should().OnlyContain(e => e.Operation == operation, $"only {operation} was called");
        entries.Select(e => e.MessageNumber).Should().Equal(expected.Select(n => (long)n), "calls made one at a time are messages 1..n");
        entries.Select(e => e.CountInSession).Should().Equal(expected);
    }
}
