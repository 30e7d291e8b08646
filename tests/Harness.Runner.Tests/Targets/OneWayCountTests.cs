using Harness.Reliability.Journal;
using Harness.Runner.Checking;
using Harness.Runner.Running;

namespace Harness.Runner.Tests.Targets;

/// <summary>
/// How a one-way session against an external target is judged from the count an Append returns after its Posts:
/// every Post placed when the count covers them, a shortfall named per call where the wire shows which, and for the
/// session as a whole where it does not.
/// </summary>
public class OneWayCountTests
{
    [Test]
    public void A_count_that_covers_every_Post_places_each_in_order()
    {
        var session = Session(countAtEnd: 6);

        var deliveries = ExternalTargetEvidence.DeliveriesFromReplies([session], []);

        deliveries.Select(entry => (entry.Sequence, entry.CountInSession)).Should().Equal((1, 1), (2, 2), (3, 3), (4, 4), (5, 5));
        Verdict(session).Passed.Should().BeTrue();
    }

    [Test]
    public void A_shortfall_with_no_trace_of_which_Post_is_missing_is_a_violation_of_the_session()
    {
        var session = Session(countAtEnd: 5);

        var verdict = Verdict(session);

        verdict.Passed.Should().BeFalse();
        verdict.Violations.Should().ContainSingle().Which.Should().Match<Violation>(violation =>
            violation.Invariant == Invariant.NoAcknowledgedLoss && violation.Sequence == null && violation.Message.Contains("delivered 4 of the session's 5 Posts"));
    }

    [Test]
    public void More_deliveries_than_Posts_is_a_duplicate_or_phantom()
    {
        var verdict = Verdict(Session(countAtEnd: 8));

        verdict.Violations.Should().ContainSingle().Which.Invariant.Should().Be(Invariant.NoDuplicates);
    }

    private static SessionHistory Session(int countAtEnd) => new(
        0,
        "urn:uuid:target-sequence",
        Ordered: true,
        [.. Enumerable.Range(1, 5).Select(sequence => new SubmittedCall(sequence, JournalOperation.Post, PayloadDigest.Of($"p{sequence}"), CallOutcome.Acknowledged))],
        SessionOutcome.Closed,
        CountAtEnd: countAtEnd);

    private static Verdict Verdict(SessionHistory session)
    {
        var history = new RunHistory([session], ExternalTargetEvidence.DeliveriesFromReplies([session], []), []);
        return ExternalTargetEvidence.AddCountViolations(Checker.Check(history), [session], []);
    }
}
