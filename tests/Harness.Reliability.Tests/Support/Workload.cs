using Harness.Reliability.Journal;
using Harness.Reliability.Source;

namespace Harness.Reliability.Tests.Support;

/// <summary>Drives calls through a session with bounded concurrency and checks what the journal received.</summary>
internal static class Workload
{
    /// <summary>
    /// Submits <paramref name="count"/> calls in order, at most <paramref name="inFlight"/> awaiting at once, and
    /// returns the Append results (0 for Posts) by call number; failed calls are returned as exceptions.
    /// </summary>
    public static async Task<(int[] Results, Exception?[] Failures)> RunAsync(IJournalSession session, int count, bool requestReply, int inFlight, CancellationToken cancellationToken, string payloadPrefix = "m")
    {
        var results = new int[count + 1];
        var failures = new Exception?[count + 1];
        using var slots = new SemaphoreSlim(inFlight);
        var calls = new List<Task>(count);
        for (var i = 1; i <= count; i++)
        {
            await slots.WaitAsync(cancellationToken);
            var n = i;
            calls.Add(CallAsync(n));
        }

        await Task.WhenAll(calls).WaitAsync(cancellationToken);
        return (results, failures);

        async Task CallAsync(int n)
        {
            try
            {
                var payload = payloadPrefix + n;
                results[n] = requestReply
                    ? await session.AppendAsync(n, payload, cancellationToken)
                    : await PostAsync(n, payload);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures[n] = ex;
            }
            finally
            {
                slots.Release();
            }
        }

        async Task<int> PostAsync(int n, string payload)
        {
            await session.PostAsync(n, payload, cancellationToken);
            return 0;
        }
    }

    /// <summary>Asserts the journal of one session holds calls 1..count exactly once, in order, with their payloads.</summary>
    public static void ShouldHoldExactlyOnceInOrder(IReadOnlyList<JournalEntry> entries, int count, string payloadPrefix = "m")
    {
        var sequences = entries.Select(e => e.Sequence).ToArray();
        var duplicates = sequences.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        var missing = Enumerable.Range(1, count).Except(sequences).ToArray();
        duplicates.Should().BeEmpty("no message may be delivered twice");
        missing.Should().BeEmpty("every message must be delivered");
        sequences.Should().Equal(Enumerable.Range(1, count), "delivery must follow submission order");
        entries.Should().OnlyContain(e => e.Payload == PayloadDigest.Of(payloadPrefix + e.Sequence), "payloads arrive as sent");
        entries.Select(e => e.CountInSession).Should().Equal(Enumerable.Range(1, count));
    }
}
