using System.Diagnostics;
using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Tracing;
using Harness.Reliability.Events;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>
/// Each fault action provably happens (the proxy's trace and decisions say so) and has its effect (the service's
/// events and the journal show it), while the reliable session still delivers exactly once, in order.
/// </summary>
public class FaultActionTests
{
    private const string Forwarded = "forwarded";

    [Test]
    public async Task Dropping_application_message_3_once_lets_the_service_see_it_only_on_a_retransmission(
        [Values("2005", "11")] string rm,
        [Values(false, true)] bool requestReply)
    {
        await using var fixture = await ProxyFixture.StartAsync(Plan(FirstSendOf(3), new DropAction()), settings: ProxyFixture.FastSettings(rm));
        var clientEvents = new RecordingEventSink();

        var sessionId = await fixture.RunSessionAsync(5, requestReply, events: clientEvents);

        var sends = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 3);
        sends[0].Should().Match<ProxyTraceRecord>(r => r.Attempt == 1 && r.Action == "drop" && r.Outcome == "dropped" && r.Status == 202);
        sends[1].Should().Match<ProxyTraceRecord>(r => r.Attempt == 2 && r.Action == null && r.Outcome == Forwarded);
        sends.Skip(1).Should().OnlyContain(r => r.Outcome == Forwarded, "only the first send is dropped");
        fixture.Proxy.Trace.Decisions.Should().Equal(new FaultDecisionRecord(FaultDirection.Request, 0, RuleMessageKind.Application, 3, 1, 0, "drop"));
        fixture.Proxy.Trace.Records.Count(r => r.Outcome == "dropped").Should().Be(1);
        clientEvents.OfKind(ReliabilityEventKind.Retransmitted).Should().Contain(e => e.MessageNumber == 3 && e.Attempt == 2);

        // The service never saw attempt 1: the retransmission is what it received, and any later send a duplicate.
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received, 3).Should().ContainSingle();
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Duplicate, 3).Should().HaveCount(sends.Count - 2);
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 5);
    }

    [Test]
    public async Task Dropping_the_answer_to_message_3_makes_the_client_resend_and_the_service_suppress_the_duplicate(
        [Values("2005", "11")] string rm,
        [Values(false, true)] bool requestReply)
    {
        await using var fixture = await ProxyFixture.StartAsync(Plan(FirstSendOf(3), new DropResponseAction()), settings: ProxyFixture.FastSettings(rm));

        var sessionId = await fixture.RunSessionAsync(5, requestReply);

        var sends = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 3);
        sends[0].Should().Match<ProxyTraceRecord>(r => r.Attempt == 1 && r.Action == "drop-response" && r.Outcome == Forwarded);
        var answer = fixture.Proxy.Trace.Records.Single(r => r.Direction == FaultDirection.Response && r.Number == 3 && r.Attempt == 1);
        answer.Kind.Should().Be(requestReply ? RuleMessageKind.Reply : RuleMessageKind.Ack);
        answer.Outcome.Should().Be("dropped");
        answer.Detail.Should().Be("the service processed the request");
        fixture.Proxy.Trace.Decisions.Should().Equal(new FaultDecisionRecord(FaultDirection.Request, 0, RuleMessageKind.Application, 3, 1, 0, "drop-response"));

        var forwarded = sends.Count(r => r.Outcome == Forwarded);
        forwarded.Should().BeGreaterThanOrEqualTo(2, "the client never saw the answer, so it sent message 3 again");
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received, 3).Should().ContainSingle("the service processed the first send");
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Duplicate, 3).Should().HaveCount(forwarded - 1).And.NotBeEmpty();
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 5);
    }

    [Test]
    public async Task Duplicating_message_3_twice_makes_the_service_receive_it_three_times_and_deliver_it_once([Values("2005", "11")] string rm)
    {
        // No retransmission can add a duplicate of its own: the client waits for the answer, which the proxy writes
        // only once both copies have been answered.
        await using var fixture = await ProxyFixture.StartAsync(Plan(FirstSendOf(3), new DuplicateAction(Copies: 2)), settings: SlowRetransmission(rm));

        var sessionId = await fixture.RunSessionAsync(5, requestReply: true);

        var send = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 3).Should().ContainSingle().Subject;
        send.Should().Match<ProxyTraceRecord>(r => r.Attempt == 1 && r.Action == "duplicate" && r.Outcome == Forwarded && r.Detail == "2 extra copies sent");
        fixture.Proxy.Trace.Decisions.Should().ContainSingle();
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received, 3).Should().ContainSingle();
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Duplicate, 3).Should().HaveCount(2);
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Delivered, 3).Should().ContainSingle();
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 5);
    }

    [Test]
    public async Task A_delayed_request_still_reaches_the_service_after_its_client_stopped_waiting()
    {
        // Plain SOAP, so nothing but the held original can deliver the call.
        var settings = ProxyFixture.FastSettings() with { Enabled = false };
        await using var fixture = await ProxyFixture.StartAsync(Plan(FirstSendOf(1), new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(400)))), settings: settings);
        await using var session = await fixture.OpenAsync(expectReplies: false);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var call = () => session.PostAsync(1, "late", giveUp.Token);

        await call.Should().ThrowAsync<OperationCanceledException>("the client gives up long before the delay ends");
        await Bound.WaitUntilAsync(() => fixture.Service.Journal.Entries.Count == 1);
        fixture.Service.Journal.Entries.Single().Payload.Preview.Should().Be("late");
        await Bound.WaitUntilAsync(() => fixture.Proxy.Trace.Records.Any(r => r.Outcome == "forwarded-late"));
        fixture.Proxy.Trace.Records.Single(r => r.Direction == FaultDirection.Request).Should().Match<ProxyTraceRecord>(
            r => r.Action == "delay" && r.Outcome == "forwarded-late" && r.Detail!.Contains("stopped waiting"));
    }

    [Test]
    public async Task Reordering_message_2_lets_later_messages_overtake_it_while_the_journal_stays_in_order([Values("2005", "11")] string rm)
    {
        // A slow retransmission timer, so that no resend of message 2 passes it and counts as overtaking it.
        var plan = Plan(FirstSendOf(2), new ReorderAction(AfterMessages: 2, MaxHold: TimeSpan.FromSeconds(5)));
        await using var fixture = await ProxyFixture.StartAsync(plan, settings: SlowRetransmission(rm));
        await using var session = await fixture.OpenAsync(expectReplies: false);
        await ProxyFixture.CallOnceAsync(session, 1, requestReply: false);

        // Message 2 is held before the later calls are made: only messages that come after it count as overtaking,
        // and calls made all at once may reach the proxy in any order. The window keeps all five in flight.
        var second = ProxyFixture.CallOnceAsync(session, 2, requestReply: false);
        await Bound.WaitUntilAsync(() => fixture.Proxy.Trace.Decisions.Count > 0);
        await Task.WhenAll([second, .. Enumerable.Range(3, 4).Select(i => ProxyFixture.CallOnceAsync(session, i, requestReply: false))]);
        await session.CloseAsync(Bound.Token);
        var sessionId = session.SessionId;

        var held = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2).Should().ContainSingle().Subject;
        held.Should().Match<ProxyTraceRecord>(r => r.Attempt == 1 && r.Action == "reorder" && r.Outcome == Forwarded);
        held.Detail.Should().MatchRegex("^held until [0-9]+ later messages? overtook it$");
        held.ElapsedMs.Should().BeLessThan(1000, "the later messages released it, long before the max hold or a resend");

        var arrivals = ReceivedCalls(fixture, sessionId, 6);
        arrivals.Should().BeEquivalentTo(new long[] { 1, 2, 3, 4, 5, 6 }, "each message arrives once as new");
        arrivals.Take(arrivals.IndexOf(2)).Should().Contain(n => n > 2, "a later message reached the service before message 2");
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 6);
    }

    [Test]
    public async Task Reordering_with_nothing_to_overtake_holds_the_message_for_the_max_hold([Values("2005", "11")] string rm)
    {
        // One call in flight, and a retransmission timeout far above the hold, so nothing at all passes meanwhile.
        var plan = Plan(FirstSendOf(2), new ReorderAction(AfterMessages: 1, MaxHold: TimeSpan.FromMilliseconds(200)));
        await using var fixture = await ProxyFixture.StartAsync(plan, settings: SlowRetransmission(rm));

        var sessionId = await fixture.RunSessionAsync(4, requestReply: true);

        var held = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2).Should().ContainSingle().Subject;
        held.Should().Match<ProxyTraceRecord>(r => r.Action == "reorder" && r.Outcome == Forwarded && r.Detail == "held 200 ms; nothing overtook it");
        held.ElapsedMs.Should().BeGreaterThanOrEqualTo(195);
        ReceivedCalls(fixture, sessionId, 4).Should().Equal(1, 2, 3, 4);
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 4);
    }

    [Test]
    public async Task Reordering_that_runs_out_of_max_hold_says_how_few_messages_overtook_it([Values("2005", "11")] string rm)
    {
        var plan = Plan(FirstSendOf(2), new ReorderAction(AfterMessages: 2, MaxHold: TimeSpan.FromMilliseconds(300)));
        await using var fixture = await ProxyFixture.StartAsync(plan, settings: SlowRetransmission(rm));
        await using var session = await fixture.OpenAsync(expectReplies: false);
        await ProxyFixture.CallOnceAsync(session, 1, requestReply: false);

        // Only message 3 is sent while message 2 is held: one of the two overtakers the rule waits for.
        var second = ProxyFixture.CallOnceAsync(session, 2, requestReply: false);
        await Bound.WaitUntilAsync(() => fixture.Proxy.Trace.Decisions.Count > 0);
        await Task.WhenAll(second, ProxyFixture.CallOnceAsync(session, 3, requestReply: false));
        await ProxyFixture.CallOnceAsync(session, 4, requestReply: false);
        await session.CloseAsync(Bound.Token);

        var held = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2).Should().ContainSingle().Subject;
        held.Detail.Should().Be("held 300 ms; only 1 of 2 later messages overtook it");
        held.ElapsedMs.Should().BeGreaterThanOrEqualTo(295);
        ReceivedCalls(fixture, session.SessionId, 4).Should().Equal(1, 3, 2, 4);
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(session.SessionId, 4);
    }

    [Test]
    public async Task A_fixed_delay_on_message_2_adds_its_duration_to_that_call_only([Values("2005", "11")] string rm)
    {
        await ProxyFixture.WarmUpAsync();
        var plan = Plan(FirstSendOf(2), new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(300))));
        await using var fixture = await ProxyFixture.StartAsync(plan, settings: SlowRetransmission(rm));
        await using var session = await fixture.OpenAsync(expectReplies: true);

        var latencies = new List<double>();
        for (var i = 1; i <= 6; i++)
        {
            var watch = Stopwatch.StartNew();
            await ProxyFixture.CallOnceAsync(session, i, requestReply: true);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        await session.CloseAsync(Bound.Token);

        var others = latencies.Where((_, i) => i != 1).Order().ToList();
        var typical = others[others.Count / 2];
        latencies[1].Should().BeInRange(typical + 250, typical + 1300, "call 2 waited out the 300 ms delay (latencies: {0})", string.Join(", ", latencies));
        var delayed = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2).Should().ContainSingle().Subject;
        delayed.Should().Match<ProxyTraceRecord>(r => r.Action == "delay" && r.Outcome == Forwarded && r.Detail == "delayed 300 ms");
        delayed.ElapsedMs.Should().BeGreaterThanOrEqualTo(295);
        fixture.Proxy.Trace.Records.Where(r => r.Action == "delay").Should().ContainSingle();
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(session.SessionId, 6);
    }

    [Test]
    public async Task A_uniform_delay_draws_values_within_its_range_and_waits_them_out()
    {
        var distribution = new UniformDelay(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80));
        var drawn = await DrawnDelaysAsync(distribution, messages: 8);

        drawn.Should().OnlyContain(ms => ms >= 20 && ms <= 80);
        drawn.Distinct().Should().HaveCountGreaterThan(1, "each message draws its own value");
    }

    [Test]
    public async Task A_normal_delay_draws_non_negative_values_and_waits_them_out()
    {
        // A standard deviation as large as the mean makes negative draws likely; they must come out as zero.
        var distribution = new NormalDelay(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(30));
        var drawn = await DrawnDelaysAsync(distribution, messages: 8);

        drawn.Should().OnlyContain(ms => ms >= 0);
        drawn.Distinct().Should().HaveCountGreaterThan(1, "each message draws its own value");
    }

    [Test]
    public async Task A_partition_loses_everything_for_its_duration_and_the_session_then_recovers([Values("2005", "11")] string rm)
    {
        // Warm up first so the session is already busy when the partition starts half a second after the proxy.
        await ProxyFixture.WarmUpAsync();
        var partitionAt = TimeSpan.FromMilliseconds(500);
        var plan = Plan(new FaultMatch { After = partitionAt, MaxCount = 1 }, new PartitionAction(TimeSpan.FromSeconds(1)));
        await using var fixture = await ProxyFixture.StartAsync(plan, settings: ProxyFixture.FastSettings(rm));
        await using var session = await fixture.OpenAsync(expectReplies: false);

        // Paced calls, so that traffic runs before, into and after the partition.
        const int Calls = 40;
        for (var i = 1; i <= Calls; i++)
        {
            await ProxyFixture.CallOnceAsync(session, i, requestReply: false);
            await Task.Delay(20, Bound.Token);
        }

        await session.CloseAsync(Bound.Token);

        var records = fixture.Proxy.Trace.Records.ToList();
        var trigger = records.Should().ContainSingle(r => r.Action == "partition" && r.Rule == "rule 1 (partition)").Subject;
        (trigger.TimeMs + trigger.ElapsedMs).Should().BeGreaterThanOrEqualTo(partitionAt.TotalMilliseconds);
        trigger.Outcome.Should().Be("lost in partition");

        // Arrival times are taken before the body is read; the margins allow for that on a busy machine.
        var start = trigger.TimeMs;
        var during = records.Where(r => r.TimeMs > start + 10 && r.TimeMs < start + 1000 - 50).ToList();
        during.Should().NotBeEmpty("the client kept retransmitting into the partition");
        during.Should().OnlyContain(r => r.Outcome == "lost in partition" && r.Rule == "partition in force");
        records.Should().NotContain(r => r.TimeMs > start && r.TimeMs < start + 1000 - 50 && (r.Outcome == Forwarded || r.Outcome == "returned"));
        records.Should().Contain(r => r.TimeMs > start + 1000 && r.Outcome == Forwarded, "traffic passes again after the partition");
        fixture.Proxy.Trace.Decisions.Where(d => d.RuleIndex == 0).Should().ContainSingle("the rule fires once (max count 1)");

        // The service heard nothing of the session for the whole partition.
        var times = fixture.ServiceEvents.Events.Where(e => e.SequenceId == session.SessionId).Select(e => e.Time).Order().ToList();
        var longestSilence = times.Zip(times.Skip(1), (a, b) => b - a).Max();
        longestSilence.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(session.SessionId, Calls);
    }

    [Test]
    public async Task An_http_error_or_an_abort_on_the_first_send_of_message_2_is_retried_and_delivered_once(
        [Values("2005", "11")] string rm,
        [Values("http-error", "abort")] string actionName)
    {
        FaultAction action = actionName == "abort" ? new AbortAction() : new HttpErrorAction(503);
        await using var fixture = await ProxyFixture.StartAsync(Plan(FirstSendOf(2), action), settings: ProxyFixture.FastSettings(rm));

        var sessionId = await fixture.RunSessionAsync(4, requestReply: true);

        var sends = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2);
        sends[0].Attempt.Should().Be(1);
        sends[0].Action.Should().Be(actionName);
        if (actionName == "abort")
        {
            sends[0].Should().Match<ProxyTraceRecord>(r => r.Outcome == "aborted" && r.Status == null);
        }
        else
        {
            sends[0].Should().Match<ProxyTraceRecord>(r => r.Outcome == "http-error" && r.Status == 503);
        }

        sends.Skip(1).Should().NotBeEmpty().And.OnlyContain(r => r.Outcome == Forwarded);
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received, 2).Should().ContainSingle();
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Duplicate, 2).Should().HaveCount(sends.Count - 2);
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 4);
    }

    [Test]
    public async Task A_corrupted_first_send_of_message_2_is_refused_with_400_and_retransmitted(
        [Values("2005", "11")] string rm,
        [Values] CorruptionMode mode)
    {
        await using var fixture = await ProxyFixture.StartAsync(Plan(FirstSendOf(2), new CorruptAction(mode)), settings: ProxyFixture.FastSettings(rm));

        var sessionId = await fixture.RunSessionAsync(4, requestReply: false);

        var sends = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2);
        sends[0].Should().Match<ProxyTraceRecord>(r => r.Attempt == 1 && r.Action == "corrupt" && r.Outcome == Forwarded);
        sends[0].Detail.Should().StartWith(mode == CorruptionMode.Flip ? "flipped bytes at " : "truncated to ");
        var refusal = fixture.Proxy.Trace.Records.Single(r => r.Direction == FaultDirection.Response && r.Number == 2 && r.Attempt == 1);
        refusal.Status.Should().Be(400, "the service could not read the damaged message");
        sends.Skip(1).Should().NotBeEmpty().And.OnlyContain(r => r.Outcome == Forwarded);
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received, 2).Should().ContainSingle();
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 4);
    }

    [Test]
    public async Task A_corrupted_acknowledgement_of_message_2_is_unreadable_to_the_client_which_resends(
        [Values("2005", "11")] string rm,
        [Values] CorruptionMode mode)
    {
        var match = FirstSendOf(2) with { Direction = FaultDirection.Response, Kinds = [RuleMessageKind.Ack] };
        await using var fixture = await ProxyFixture.StartAsync(Plan(match, new CorruptAction(mode)), settings: ProxyFixture.FastSettings(rm));

        var sessionId = await fixture.RunSessionAsync(4, requestReply: false);

        var answer = fixture.Proxy.Trace.Records.Single(r => r.Direction == FaultDirection.Response && r.Number == 2 && r.Attempt == 1);
        answer.Should().Match<ProxyTraceRecord>(r => r.Kind == RuleMessageKind.Ack && r.Action == "corrupt" && r.Outcome == "returned");
        answer.Detail.Should().StartWith(mode == CorruptionMode.Flip ? "flipped bytes at " : "truncated to ");

        var forwarded = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2).Count(r => r.Outcome == Forwarded);
        forwarded.Should().BeGreaterThanOrEqualTo(2, "the client could not read the acknowledgement, so it sent message 2 again");
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received, 2).Should().ContainSingle();
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Duplicate, 2).Should().HaveCount(forwarded - 1);
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 4);
    }

    [Test]
    public async Task Dropping_the_acknowledgement_of_message_2_makes_the_client_resend_and_the_service_suppress_the_duplicate([Values("2005", "11")] string rm)
    {
        var match = FirstSendOf(2) with { Direction = FaultDirection.Response, Kinds = [RuleMessageKind.Ack] };
        await using var fixture = await ProxyFixture.StartAsync(Plan(match, new DropAction()), settings: ProxyFixture.FastSettings(rm));

        var sessionId = await fixture.RunSessionAsync(4, requestReply: false);

        var answer = fixture.Proxy.Trace.Records.Single(r => r.Direction == FaultDirection.Response && r.Number == 2 && r.Attempt == 1);
        answer.Should().Match<ProxyTraceRecord>(r => r.Kind == RuleMessageKind.Ack && r.Action == "drop" && r.Outcome == "dropped");
        fixture.Proxy.Trace.Decisions.Should().Equal(new FaultDecisionRecord(FaultDirection.Response, 0, RuleMessageKind.Ack, 2, 1, 0, "drop"));

        var forwarded = fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, 2).Count(r => r.Outcome == Forwarded);
        forwarded.Should().BeGreaterThanOrEqualTo(2, "the client never saw the acknowledgement, so it sent message 2 again");
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received, 2).Should().ContainSingle();
        fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Duplicate, 2).Should().HaveCount(forwarded - 1);
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 4);
    }

    [Test]
    public async Task Delaying_the_CreateSequenceResponse_delays_opening_the_session([Values("2005", "11")] string rm)
    {
        await ProxyFixture.WarmUpAsync();
        var match = new FaultMatch { Direction = FaultDirection.Response, Kinds = [RuleMessageKind.CreateSequenceResponse] };
        await using var fixture = await ProxyFixture.StartAsync(Plan(match, new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(300)))), settings: ProxyFixture.FastSettings(rm));

        var watch = Stopwatch.StartNew();
        await using var session = await fixture.OpenAsync(expectReplies: true);
        var opening = watch.Elapsed;
        await ProxyFixture.CallAsync(session, 3, requestReply: true);
        await session.CloseAsync(Bound.Token);

        opening.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
        var delayed = fixture.Proxy.Trace.Records.Should().ContainSingle(r => r.Kind == RuleMessageKind.CreateSequenceResponse).Subject;
        delayed.Should().Match<ProxyTraceRecord>(r => r.Action == "delay" && r.Outcome == "returned" && r.Detail == "delayed 300 ms");
        delayed.ElapsedMs.Should().BeGreaterThanOrEqualTo(295);
        fixture.Proxy.Trace.Records.Should().ContainSingle(r => r.Kind == RuleMessageKind.CreateSequence, "the client waited for the answer rather than asking again");
        fixture.Proxy.Trace.Decisions.Should().ContainSingle().Which.Should().Match<FaultDecisionRecord>(d => d.Direction == FaultDirection.Response && d.Kind == RuleMessageKind.CreateSequenceResponse && d.Action == "delay");
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(session.SessionId, 3);
    }

    [Test]
    public async Task A_max_count_limits_how_often_a_rule_fires()
    {
        var match = new FaultMatch { Kinds = [RuleMessageKind.Application], Attempt = AttemptMatch.First, MaxCount = 3 };
        await using var fixture = await ProxyFixture.StartAsync(Plan(match, new DropAction()));

        var sessionId = await fixture.RunSessionAsync(6, requestReply: false);

        // One call at a time, so the first sends of messages 1 to 3 are the first three that match.
        fixture.Proxy.Trace.Decisions.Should().Equal(
            Enumerable.Range(1, 3).Select(n => new FaultDecisionRecord(FaultDirection.Request, 0, RuleMessageKind.Application, n, 1, 0, "drop")));
        fixture.Proxy.Trace.ActionCounts.Should().BeEquivalentTo(new Dictionary<string, int> { ["drop"] = 3 });
        fixture.Proxy.Trace.Records.Where(r => r.Outcome == "dropped").Select(r => r.Number).Should().BeEquivalentTo(new long[] { 1, 2, 3 });
        for (var n = 4; n <= 6; n++)
        {
            fixture.TraceOf(FaultDirection.Request, RuleMessageKind.Application, n)[0].Should().Match<ProxyTraceRecord>(r => r.Attempt == 1 && r.Outcome == Forwarded && r.Action == null);
        }

        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 6);
    }

    [Test]
    public async Task Probability_zero_never_fires_and_probability_one_always_fires()
    {
        // Rule 1 would drop everything, both ways, but never fires; rule 2 then duplicates every first send.
        var plan = new FaultPlan(
        [
            new FaultRule(0, new FaultMatch { Direction = FaultDirection.Any, Probability = 0 }, new DropAction()),
            new FaultRule(1, new FaultMatch { Kinds = [RuleMessageKind.Application], Attempt = AttemptMatch.First, Probability = 1 }, new DuplicateAction()),
        ]);
        await using var fixture = await ProxyFixture.StartAsync(plan);

        var sessionId = await fixture.RunSessionAsync(8, requestReply: false);

        fixture.Proxy.Trace.Decisions.Should().Equal(
            Enumerable.Range(1, 8).Select(n => new FaultDecisionRecord(FaultDirection.Request, 0, RuleMessageKind.Application, n, 1, 1, "duplicate")));
        fixture.Proxy.Trace.Records.Should().NotContain(r => r.Outcome == "dropped");
        for (var n = 1; n <= 8; n++)
        {
            fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Duplicate, n).Should().NotBeEmpty("message {0} was duplicated", n);
        }

        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, 8);
    }

    /// <summary>The numbers of the calls (not 2005's LastMessage) in the order they first reached the service.</summary>
    private static List<long> ReceivedCalls(ProxyFixture fixture, string sessionId, int calls) =>
        [.. fixture.ServiceEventsOf(sessionId, ReliabilityEventKind.Received).Select(e => e.MessageNumber).Where(n => n <= calls)];

    private static FaultPlan Plan(FaultMatch match, FaultAction action) => new([new FaultRule(0, match, action)]);

    private static FaultMatch FirstSendOf(long applicationMessage) => new()
    {
        Kinds = [RuleMessageKind.Application],
        Messages = new MessageNumberList([applicationMessage]),
        Attempt = AttemptMatch.First,
    };

    /// <summary>Fast settings with a retransmission timeout of two seconds, for tests in which a resend would hide the effect.</summary>
    private static Reliability.Settings.ReliableSessionSettings SlowRetransmission(string rm) => ProxyFixture.FastSettings(rm) with
    {
        InitialRetransmissionTimeout = TimeSpan.FromSeconds(2),
        MinRetransmissionTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// Delays the first send of messages 1..n with <paramref name="distribution"/>, checks that every one was delayed
    /// by the value its trace detail names, and returns those values.
    /// </summary>
    private static async Task<IReadOnlyList<double>> DrawnDelaysAsync(DelayDistribution distribution, int messages)
    {
        var match = new FaultMatch { Kinds = [RuleMessageKind.Application], Messages = new MessageNumberRange(1, messages), Attempt = AttemptMatch.First };
        await using var fixture = await ProxyFixture.StartAsync(Plan(match, new DelayAction(distribution)));

        var sessionId = await fixture.RunSessionAsync(messages, requestReply: false);

        var delayed = fixture.Proxy.Trace.Records.Where(r => r.Action == "delay").OrderBy(r => r.Number).ToList();
        delayed.Select(r => r.Number).Should().Equal(Enumerable.Range(1, messages).Select(n => (long)n));
        var drawn = delayed.Select(r => ParseDelay(r.Detail)).ToList();

        // Task.Delay runs on a coarse clock (Environment.TickCount64, a few ms on Linux), so it may end a little early.
        delayed.Zip(drawn).Should().OnlyContain(p => p.First.ElapsedMs >= p.Second - 5, "the proxy waited out the drawn delay");
        fixture.ShouldHaveDeliveredExactlyOnceInOrder(sessionId, messages);
        return drawn;
    }

    private static double ParseDelay(string? detail)
    {
        detail.Should().MatchRegex("^delayed [0-9.]+ ms$");
        return double.Parse(detail!["delayed ".Length..^" ms".Length], CultureInfo.InvariantCulture);
    }
}
