using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
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
    public void A_shortfall_matching_a_Post_the_target_answered_with_a_fault_names_that_Post()
    {
        // As CoreWCF answers a message whose body arrived damaged: HTTP 500 with a fault that acknowledges it.
        var session = Session(countAtEnd: 5);
        ProxyTraceRecord[] trace =
        [
            new(10, 7, FaultDirection.Request, 0, RuleMessageKind.Application, "urn:uuid:target-sequence", 3, 1, null, null, "forwarded", null, 700, 1),
            new(11, 7, FaultDirection.Response, 0, RuleMessageKind.Fault, "urn:uuid:reply", 3, 1, null, null, "returned", 500, 900, 1),
        ];

        var deliveries = ExternalTargetEvidence.DeliveriesFromReplies([session], trace);
        var verdict = ExternalTargetEvidence.AddCountViolations(Checker.Check(new RunHistory([session], deliveries, trace)), [session], trace);

        deliveries.Select(entry => entry.Sequence).Should().Equal(1, 2, 4, 5);
        verdict.Violations.Should().Contain(violation => violation.Invariant == Invariant.NoAcknowledgedLoss && violation.Sequence == 3);
        verdict.Violations.Should().OnlyContain(violation => violation.Sequence == 3, "the Post the target refused is the one missing");
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
