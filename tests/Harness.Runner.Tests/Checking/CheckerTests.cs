using Harness.Runner.Checking;
using Harness.Reliability.Journal;

using static Harness.Runner.Tests.Checking.HistoryBuilder;

namespace Harness.Runner.Tests.Checking;

public sealed class CheckerTests
{
    private const string SessionA = "urn:uuid:session-a";
    private const string SessionB = "urn:uuid:session-b";

    [Test]
    public void A_closed_ordered_session_with_every_call_delivered_once_in_order_passes_with_exact_statistics()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Append(1, reply: 1), Post(2), Append(3, reply: 3))
            .Deliver(SessionA, 1, 2, 3)
            .Trace(0, 1)
            .Trace(0, 2, action: "delay", outcome: "delayed")
            .Trace(0, 3, action: "drop", outcome: "dropped")
            .Trace(0, 3, attempt: 2)
            .Check();

        verdict.Passed.Should().BeTrue();
        verdict.Violations.Should().BeEmpty();
        verdict.Statistics.Should().BeEquivalentTo(new CheckStatistics(
            Submitted: 3, Delivered: 3, Acknowledged: 3, Failed: 0, DuplicatesDelivered: 0,
            FaultsByAction: new Dictionary<string, int> { ["delay"] = 1, ["drop"] = 1 }));
    }

    [Test]
    public void A_call_delivered_twice_is_a_duplicate_naming_both_deliveries()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1), Post(2), Post(3))
            .Deliver(SessionA, 1, 2, 2, 3)
            .Trace(0, 2, action: "duplicate", outcome: "duplicated")
            .Check();

        var violation = SingleViolation(verdict, Invariant.NoDuplicates, sessionIndex: 0, sequence: 2);
        violation.Message.Should().Be("call 2 (payload 'm2') was delivered twice (deliveries #2 and #3)");
        violation.Evidence.Should().ContainSingle().Which.Should().Contain("duplicate");
        verdict.Statistics.DuplicatesDelivered.Should().Be(1);
    }

    [Test]
    public void A_delivery_with_an_altered_payload_is_a_phantom()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1), Post(2), Post(3))
            .Deliver(SessionA, 1)
            .DeliverAs(SessionA, 2, "tampered")
            .Deliver(SessionA, 3)
            .Trace(0, 2, action: "corrupt", outcome: "corrupted")
            .Check();

        var violation = SingleViolation(verdict, Invariant.NoPhantoms, sessionIndex: 0, sequence: 2);
        violation.Message.Should().Contain("'tampered'").And.Contain("call 2 (payload 'm2')");
        violation.Evidence.Should().ContainSingle().Which.Should().Contain("corrupt");
    }

    [Test]
    public void A_delivery_of_a_call_never_submitted_is_a_phantom()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1))
            .Deliver(SessionA, 1, 9)
            .Check();

        SingleViolation(verdict, Invariant.NoPhantoms, sessionIndex: 0, sequence: 9)
            .Message.Should().Contain("never submitted");
    }

    [Test]
    public void A_delivery_whose_payload_differs_only_beyond_its_preview_is_still_a_phantom()
    {
        // Same length, same first characters: only the digest tells them apart.
        var sent = new string('a', 10_000) + "sent";
        var delivered = new string('a', 10_000) + "lost";
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, new SubmittedCall(1, JournalOperation.Post, PayloadDigest.Of(sent), CallOutcome.Acknowledged))
            .DeliverAs(SessionA, 1, delivered)
            .Check();

        SingleViolation(verdict, Invariant.NoPhantoms, sessionIndex: 0, sequence: 1)
            .Message.Should().Contain(new string('a', PayloadDigest.PreviewCharacters) + "…");
    }

    [Test]
    public void A_delivery_to_a_session_no_client_opened_is_a_phantom_of_session_minus_one()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1))
            .Deliver(SessionA, 1)
            .DeliverAs("urn:uuid:stranger", 1, "m1")
            .Check();

        SingleViolation(verdict, Invariant.NoPhantoms, sessionIndex: -1, sequence: 1)
            .Message.Should().Contain("urn:uuid:stranger");
    }

    [Test]
    public void Out_of_order_delivery_in_an_ordered_session_violates_order_at_the_overtaken_call()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1), Post(2), Post(3))
            .Deliver(SessionA, 1, 3, 2)
            .Trace(0, 2, action: "reorder", outcome: "held")
            .Check();

        var violation = SingleViolation(verdict, Invariant.Order, sessionIndex: 0, sequence: 2);
        violation.Message.Should().Contain("after call 3");
        violation.Evidence.Should().ContainSingle().Which.Should().Contain("reorder");
    }

    [Test]
    public void Out_of_order_delivery_in_an_unordered_session_passes()
    {
        var verdict = new HistoryBuilder()
            .UnorderedSession(SessionA, SessionOutcome.Closed, Post(1), Post(2), Post(3))
            .Deliver(SessionA, 1, 3, 2)
            .Check();

        verdict.Passed.Should().BeTrue();
    }

    [Test]
    public void An_acknowledged_call_missing_from_the_journal_is_an_acknowledged_loss_with_its_trace_as_evidence()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Faulted, Post(1), Post(2), Post(3, CallOutcome.Failed))
            .Deliver(SessionA, 1)
            .Trace(0, 1)
            .Trace(0, 2, action: "drop", outcome: "dropped")
            .Check();

        var violation = SingleViolation(verdict, Invariant.NoAcknowledgedLoss, sessionIndex: 0, sequence: 2);
        violation.Message.Should().Be("call 2 (payload 'm2') was acknowledged but it is not in the journal");
        violation.Evidence.Should().ContainSingle().Which.Should().Contain("Request").And.Contain("#2").And.Contain("drop").And.Contain("dropped");
    }

    [Test]
    public void A_reply_that_does_not_match_the_delivery_count_is_an_acknowledged_loss()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Append(1, reply: 1), Append(2, reply: 5))
            .Deliver(SessionA, 1, 2)
            .Check();

        SingleViolation(verdict, Invariant.NoAcknowledgedLoss, sessionIndex: 0, sequence: 2)
            .Message.Should().Contain("replied 5").And.Contain("count 2");
    }

    [Test]
    public void A_closed_session_missing_a_failed_call_is_incomplete()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1), Post(2, CallOutcome.Failed), Post(3))
            .Deliver(SessionA, 1, 3)
            .Check();

        SingleViolation(verdict, Invariant.Completeness, sessionIndex: 0, sequence: 2);
    }

    [Test]
    public void A_loss_in_a_session_that_did_not_fault_is_silent_when_the_call_did_not_fail()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Unfinished, Post(1), Post(2))
            .Deliver(SessionA, 1)
            .Check();

        verdict.Passed.Should().BeFalse();
        verdict.Violations.Select(violation => (violation.Invariant, violation.SessionIndex, violation.Sequence))
            .Should().Equal((Invariant.NoAcknowledgedLoss, 0, 2), (Invariant.NoSilentLoss, 0, 2));
    }

    [Test]
    public void The_same_loss_in_a_faulted_session_is_not_silent()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Faulted, Post(1), Post(2))
            .Deliver(SessionA, 1)
            .Check();

        verdict.Violations.Should().NotContain(violation => violation.Invariant == Invariant.NoSilentLoss);
    }

    [Test]
    public void The_loss_of_a_call_the_client_saw_fail_is_not_silent()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Unfinished, Post(1), Post(2, CallOutcome.Failed))
            .Deliver(SessionA, 1)
            .Check();

        verdict.Passed.Should().BeTrue();
    }

    [Test]
    public void A_pending_call_left_undelivered_by_a_successful_close_is_lost_silently_and_incompletely()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1), Post(2, CallOutcome.Pending))
            .Deliver(SessionA, 1)
            .Check();

        Reported(verdict).Should().Equal((Invariant.Completeness, 2), (Invariant.NoSilentLoss, 2));
    }

    [Test]
    public void An_interrupted_run_with_pending_calls_and_correct_deliveries_passes()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Unfinished, Post(1), Post(2, CallOutcome.Pending), Post(3, CallOutcome.Pending))
            .Session(null, SessionOutcome.Unfinished, Post(1, CallOutcome.Pending))
            .Deliver(SessionA, 1, 2)
            .Check();

        verdict.Passed.Should().BeTrue();
        verdict.Statistics.Should().BeEquivalentTo(new CheckStatistics(4, 2, 1, 0, 0, new Dictionary<string, int>()));
    }

    [Test]
    public void An_interrupted_run_still_reports_acknowledged_calls_that_were_lost()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Unfinished, Post(1), Post(2), Post(3, CallOutcome.Pending))
            .Deliver(SessionA, 1)
            .Check();

        Reported(verdict).Should().Equal((Invariant.NoAcknowledgedLoss, 2), (Invariant.NoSilentLoss, 2));
    }

    [Test]
    public void Acknowledged_calls_of_a_session_that_never_opened_and_did_not_fault_are_lost_silently()
    {
        var verdict = new HistoryBuilder()
            .Session(null, SessionOutcome.Unfinished, Post(1), Post(2, CallOutcome.Failed))
            .Check();

        Reported(verdict).Should().Equal((Invariant.NoAcknowledgedLoss, 1), (Invariant.NoSilentLoss, 1));
        verdict.Violations[1].Message.Should().Contain("never opened");
    }

    [Test]
    public void Violations_are_sorted_by_session_then_sequence_then_invariant()
    {
        var verdict = new HistoryBuilder()
            .Session(SessionA, SessionOutcome.Closed, Post(1), Post(2), Post(3))
            .Session(SessionB, SessionOutcome.Closed, Post(1), Post(2))
            .Deliver(SessionB, 2, 1, 1)
            .Deliver(SessionA, 3, 1, 2)
            .Check();

        verdict.Violations.Select(violation => (violation.SessionIndex, violation.Sequence, violation.Invariant)).Should().Equal(
            (0, 1, Invariant.Order),
            (0, 2, Invariant.Order),
            (1, 1, Invariant.NoDuplicates),
            (1, 1, Invariant.Order));
    }

    private static IEnumerable<(Invariant Invariant, int? Sequence)> Reported(Verdict verdict) =>
        verdict.Violations.Select(violation => (violation.Invariant, violation.Sequence));

    private static Violation SingleViolation(Verdict verdict, Invariant invariant, int sessionIndex, int sequence)
    {
        verdict.Passed.Should().BeFalse();
        var violation = verdict.Violations.Should().ContainSingle().Subject;
        violation.Should().BeEquivalentTo(new { Invariant = invariant, SessionIndex = sessionIndex, Sequence = (int?)sequence });
        return violation;
    }
}
