using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Classification;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Proxy.WireCheck;

namespace Harness.Proxy.Tests.WireCheck;

/// <summary>Each rule of <c>harness proxy --check</c>, shown holding on a clean exchange and catching what breaks it.</summary>
public class WireCheckTests
{
    private const string Sequence = "urn:uuid:client-sequence";

    [Test]
    public void A_clean_session_passes_and_is_seen_terminated()
    {
        var wire = new WireSession();
        wire.Call(1, acknowledged: (1, 1));
        wire.Call(2, acknowledged: (1, 2));
        wire.Terminate();

        var verdict = wire.Check.Judge();

        verdict.Passed.Should().BeTrue();
        verdict.Sequences.Should().ContainSingle().Which.End.Should().Be(WireSequenceEnd.Terminated);
        verdict.Sequences[0].Replied.Should().Equal(1, 2);
    }

    [Test]
    public void A_message_never_acknowledged_before_termination_is_named()
    {
        var wire = new WireSession();
        wire.Call(1, acknowledged: (1, 1));
        wire.Call(2, acknowledged: (1, 1));
        wire.Terminate();

        Problems(wire).Should().Equal((WireFinding.NeverAcknowledged, 2L));
    }

    [Test]
    public void An_acknowledgement_of_a_message_no_copy_of_which_had_reached_the_service_is_named()
    {
        var wire = new WireSession();
        wire.Call(1, acknowledged: (1, 2));
        wire.Call(2, acknowledged: (1, 2));
        wire.Terminate();

        Problems(wire).Should().Equal((WireFinding.AcknowledgedUnreceived, 2L));
    }

    [Test]
    public void An_acknowledgement_that_shrinks_is_named()
    {
        var wire = new WireSession();
        wire.Call(1, acknowledged: (1, 1));
        wire.Call(2, acknowledged: (2, 2));
        wire.Terminate();

        Problems(wire).Should().Contain((WireFinding.AcknowledgementShrank, 1L));
    }

    [Test]
    public void Acknowledgements_of_concurrent_requests_answered_out_of_order_are_not_a_shrink()
    {
        var wire = new WireSession();
        wire.Request(1);
        wire.Request(2);
        wire.Answer(2, acknowledged: (1, 2));
        wire.Answer(1, acknowledged: (1, 1));
        wire.Terminate();

        wire.Check.Judge().Passed.Should().BeTrue("the answer to 1 may have left the service before the answer to 2");
    }

    [Test]
    public void A_request_whose_reply_never_reached_the_client_is_named_once_the_sequence_ended()
    {
        var wire = new WireSession();
        wire.Call(1, acknowledged: (1, 1));
        wire.Request(2);
        wire.Answer(2, acknowledged: (1, 2), outcome: "dropped");
        wire.Terminate();

        Problems(wire).Should().Equal((WireFinding.Unanswered, 2L));
    }

    private static IEnumerable<(WireFinding, long)> Problems(WireSession wire) =>
        wire.Check.Judge().Sequences.Single().Problems.Select(problem => (problem.Finding, problem.Number));

    /// <summary>One client sequence as the proxy would trace it: numbered exchanges at increasing times.</summary>
    private sealed class WireSession
    {
        private readonly Dictionary<long, long> _exchangeOf = [];
        private long _exchange;
        private double _time;

        public WireSession()
        {
            var exchange = ++_exchange;
            Observe(new ProxyTraceRecord(++_time, exchange, FaultDirection.Request, 0, RuleMessageKind.CreateSequence, null, 0, 1, null, null, "forwarded", null, 100, 0), null);
            Observe(new ProxyTraceRecord(++_time, exchange, FaultDirection.Response, 0, RuleMessageKind.CreateSequenceResponse, Sequence, 0, 1, null, null, "returned", 200, 100, 0), null);
        }

        public WireChecker Check { get; } = new();

        public void Call(long number, (long Lower, long Upper) acknowledged)
        {
            Request(number);
            Answer(number, acknowledged);
        }

        public void Request(long number)
        {
            _exchangeOf[number] = ++_exchange;
            Observe(
                new ProxyTraceRecord(++_time, _exchange, FaultDirection.Request, 0, RuleMessageKind.Application, Sequence, number, 1, null, null, "forwarded", null, 100, 0),
                new MessageClassification { Kind = MessageKind.Application, SequenceId = Sequence, MessageNumber = number, ExpectsReply = true });
        }

        public void Answer(long number, (long Lower, long Upper) acknowledged, string outcome = "returned") =>
            Observe(
                new ProxyTraceRecord(++_time, _exchangeOf[number], FaultDirection.Response, 0, RuleMessageKind.Reply, "urn:uuid:reply-sequence", number, 1, null, null, outcome, 200, 100, 0),
                new MessageClassification
                {
                    Kind = MessageKind.Application,
                    SequenceId = "urn:uuid:reply-sequence",
                    Acknowledgements = [new CarriedAcknowledgement(Sequence, [new SequenceRange(acknowledged.Lower, acknowledged.Upper)], false, false, [])],
                });

        public void Terminate()
        {
            var exchange = ++_exchange;
            Observe(new ProxyTraceRecord(++_time, exchange, FaultDirection.Request, 0, RuleMessageKind.Terminate, Sequence, 0, 1, null, null, "forwarded", null, 100, 0), null);
            Observe(new ProxyTraceRecord(++_time, exchange, FaultDirection.Response, 0, RuleMessageKind.Ack, Sequence, 0, 1, null, null, "returned", 200, 100, 0), null);
        }

        private void Observe(ProxyTraceRecord record, MessageClassification? classification) => Check.Observed(record, classification);
    }
}
