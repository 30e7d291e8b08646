using CsCheck;
using Harness.Reliability.Journal;
using Harness.Runner.Checking;

namespace Harness.Runner.Tests.Checking;

/// <summary>
/// Property-based tests of the checker (CsCheck): every generated correct history passes, and one injected loss,
/// duplicate, swap, phantom or corrupted payload is caught and named with the right invariant and message.
/// </summary>
[Category("Property")]
public class CheckerProperties
{
    private const int Iterations = 500;

    [Test]
    public void A_correct_history_passes() =>
        CorrectHistory.Sample(
            history => Checker.Check(history.Build()).Violations.Should().BeEmpty(history.ToString()),
            iter: Iterations);

    [Test]
    public void A_lost_acknowledged_delivery_is_caught_as_acknowledged_loss() =>
        Gen.Select(CorrectHistory, Gen.Int).Sample(
            (history, pick) =>
            {
                var lost = history.Deliveries[Index(pick, history.Deliveries.Count)];
                var broken = history with { Deliveries = [.. history.Deliveries.Where(entry => entry != lost)] };

                Checker.Check(broken.Build()).Violations.Should().Contain(
                    violation => violation.Invariant == Invariant.NoAcknowledgedLoss && violation.Sequence == lost.Sequence && violation.SessionIndex == SessionIndexOf(broken, lost),
                    $"{lost.Session} #{lost.Sequence} was acknowledged but is missing; {history}");
            },
            iter: Iterations);

    [Test]
    public void A_duplicated_delivery_is_caught_as_a_duplicate() =>
        Gen.Select(CorrectHistory, Gen.Int).Sample(
            (history, pick) =>
            {
                var copied = history.Deliveries[Index(pick, history.Deliveries.Count)];
                var broken = history with { Deliveries = [.. history.Deliveries, copied with { CountInSession = history.Deliveries.Count(entry => entry.Session == copied.Session) + 1 }] };

                Checker.Check(broken.Build()).Violations.Should().Contain(
                    violation => violation.Invariant == Invariant.NoDuplicates && violation.Sequence == copied.Sequence,
                    $"{copied.Session} #{copied.Sequence} is in the journal twice; {history}");
            },
            iter: Iterations);

    [Test]
    public void Two_deliveries_of_an_ordered_session_swapped_are_caught_as_out_of_order() =>
        Gen.Select(CorrectHistory.Where(history => history.Sessions.Any(session => session.Ordered && session.Calls.Count >= 2)), Gen.Int).Sample(
            (history, pick) =>
            {
                var ordered = history.Sessions.Where(session => session.Ordered && session.Calls.Count >= 2).ToList();
                var session = ordered[Index(pick, ordered.Count)];
                var positions = history.Deliveries.Select((entry, index) => (entry, index)).Where(pair => pair.entry.Session == session.SessionId).Select(pair => pair.index).ToList();
                var at = Index(pick / 7, positions.Count - 1);
                var (first, second) = (positions[at], positions[at + 1]);
                var deliveries = history.Deliveries.ToArray();
                (deliveries[first], deliveries[second]) = (deliveries[second] with { CountInSession = deliveries[first].CountInSession }, deliveries[first] with { CountInSession = deliveries[second].CountInSession });
                var broken = history with { Deliveries = deliveries };

                Checker.Check(broken.Build()).Violations.Should().Contain(
                    violation => violation.Invariant == Invariant.Order && violation.SessionIndex == session.Index,
                    $"session {session.Index} delivered #{deliveries[first].Sequence} before #{deliveries[second].Sequence}; {history}");
            },
            iter: Iterations);

    [Test]
    public void A_delivery_nobody_sent_is_caught_as_a_phantom() =>
        Gen.Select(CorrectHistory, Gen.Int).Sample(
            (history, pick) =>
            {
                var session = history.Sessions[Index(pick, history.Sessions.Count)];
                var extra = session.Calls.Count + 1;
                var phantom = new JournalEntry(session.SessionId!, JournalOperation.Post, extra, PayloadDigest.Of("never sent"), session.Calls.Count + 1, extra, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
                var broken = history with { Deliveries = [.. history.Deliveries, phantom] };

                Checker.Check(broken.Build()).Violations.Should().Contain(
                    violation => violation.Invariant == Invariant.NoPhantoms && violation.SessionIndex == session.Index && violation.Sequence == extra,
                    $"#{extra} of session {session.Index} was never submitted; {history}");
            },
            iter: Iterations);

    [Test]
    public void A_delivery_with_a_corrupted_payload_is_caught_as_a_phantom() =>
        Gen.Select(CorrectHistory, Gen.Int, Gen.String[1, 40]).Sample(
            (history, pick, garbage) =>
            {
                var index = Index(pick, history.Deliveries.Count);
                var original = history.Deliveries[index];
                var corrupted = original with { Payload = PayloadDigest.Of(HistoryBuilder.Payload(original.Sequence) + "\u0000" + garbage) };
                var broken = history with { Deliveries = [.. history.Deliveries.Select((entry, at) => at == index ? corrupted : entry)] };

                Checker.Check(broken.Build()).Violations.Should().Contain(
                    violation => violation.Invariant == Invariant.NoPhantoms && violation.Sequence == original.Sequence && violation.SessionIndex == SessionIndexOf(broken, original),
                    $"{original.Session} #{original.Sequence} arrived with another payload; {history}");
            },
            iter: Iterations);

    /// <summary>
    /// 1 to 3 sessions of 1 to 12 calls, each closed, ordered or not, one-way (acknowledged) or request-reply (replied
    /// with the count the journal gave it); every call delivered once, an unordered session in any order, the sessions'
    /// deliveries interleaved at random.
    /// </summary>
    private static Gen<GeneratedHistory> CorrectHistory =>
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[1, 12]).Array[1, 3]
            .SelectMany(shapes => Gen.Int.Array[shapes.Length * 12].Select(shuffles => Build(shapes, shuffles)));

    private static GeneratedHistory Build((bool Ordered, bool RequestReply, int Calls)[] shapes, int[] randomness)
    {
        var random = new Queue<int>(randomness);
        int Next() => random.Count > 0 ? random.Dequeue() : 0;

        // Each session's delivery order: in submission order when ordered, a permutation otherwise.
        var orders = shapes.Select(shape =>
        {
            var order = Enumerable.Range(1, shape.Calls).ToList();
            if (!shape.Ordered)
            {
                for (var i = order.Count - 1; i > 0; i--)
                {
                    var j = Index(Next(), i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
            }

            return order;
        }).ToList();

        var sessions = shapes.Select((shape, index) => new SessionHistory(
            index,
            $"urn:uuid:s{index}",
            shape.Ordered,
            [.. Enumerable.Range(1, shape.Calls).Select(sequence => shape.RequestReply
                ? HistoryBuilder.Append(sequence, orders[index].IndexOf(sequence) + 1)
                : HistoryBuilder.Post(sequence))],
            SessionOutcome.Closed)).ToList();

        // Interleave: repeatedly take the next delivery of a session drawn from those with deliveries left.
        var next = new int[shapes.Length];
        var deliveries = new List<JournalEntry>();
        while (deliveries.Count < shapes.Sum(shape => shape.Calls))
        {
            var open = Enumerable.Range(0, shapes.Length).Where(index => next[index] < shapes[index].Calls).ToList();
            var session = open[Index(Next(), open.Count)];
            var sequence = orders[session][next[session]++];
            var call = sessions[session].Calls[sequence - 1];
            deliveries.Add(new JournalEntry(sessions[session].SessionId!, call.Operation, sequence, call.Payload, next[session], sequence, TimeSpan.FromMilliseconds(deliveries.Count), DateTimeOffset.UnixEpoch));
        }

        return new GeneratedHistory(sessions, deliveries);
    }

    private static int Index(int random, int count) => (int)((uint)random % (uint)count);

    private static int SessionIndexOf(GeneratedHistory history, JournalEntry entry) =>
        history.Sessions.Single(session => session.SessionId == entry.Session).Index;

    private sealed record GeneratedHistory(IReadOnlyList<SessionHistory> Sessions, IReadOnlyList<JournalEntry> Deliveries)
    {
        public RunHistory Build() => new(Sessions, Deliveries, []);

        public override string ToString() =>
            string.Join("; ", Sessions.Select(session => $"s{session.Index} {(session.Ordered ? "ordered" : "unordered")} {session.Calls.Count} {session.Calls[0].Operation}"))
            + " | journal " + string.Join(",", Deliveries.Select(entry => $"{entry.Session[^2..]}#{entry.Sequence}"));
    }
}
