using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Runner.Benchmarking.Figures;

namespace Harness.Runner.Tests.Benchmarking;

/// <summary>Retransmissions per lost message, read from a proxy trace written by hand.</summary>
public class RetransmissionTallyTests
{
    [Test]
    public void Retransmitted_application_requests_are_counted_against_the_application_requests_the_proxy_dropped()
    {
        ProxyTraceRecord[] trace =
        [
            Request(RuleMessageKind.CreateSequence, number: 0, attempt: 1),
            Request(RuleMessageKind.Application, number: 1, attempt: 1),
            Request(RuleMessageKind.Application, number: 2, attempt: 1, action: "drop"),
            Request(RuleMessageKind.Application, number: 3, attempt: 1),
            Request(RuleMessageKind.Application, number: 4, attempt: 1, action: "drop"),

            // The source resends the two lost messages and, needlessly, two that got through.
            Request(RuleMessageKind.Application, number: 2, attempt: 2),
            Request(RuleMessageKind.Application, number: 3, attempt: 2),
            Request(RuleMessageKind.Application, number: 4, attempt: 2),
            Request(RuleMessageKind.Application, number: 4, attempt: 3),

            // Not application requests: answers, a resent control message, a delayed (not dropped) message.
            Response(RuleMessageKind.Ack, number: 1, attempt: 1),
            Response(RuleMessageKind.Ack, number: 4, attempt: 3),
            Request(RuleMessageKind.Terminate, number: 0, attempt: 2),
            Request(RuleMessageKind.Application, number: 5, attempt: 1, action: "delay"),
        ];

        var tally = RetransmissionTally.FromTrace(trace);

        tally.Should().Be(new RetransmissionTally(Dropped: 2, Retransmitted: 4));
        tally.PerLostMessage.Should().Be(2.0);
    }

    [Test]
    public void Without_a_drop_there_is_no_figure_even_when_messages_were_resent()
    {
        var tally = RetransmissionTally.FromTrace([Request(RuleMessageKind.Application, number: 1, attempt: 1), Request(RuleMessageKind.Application, number: 1, attempt: 2)]);

        tally.Should().Be(new RetransmissionTally(Dropped: 0, Retransmitted: 1));
        tally.PerLostMessage.Should().BeNull();
        RetransmissionTally.FromTrace([]).Should().Be(RetransmissionTally.None);
    }

    [Test]
    public void Tallies_of_several_runs_add_up_before_dividing()
    {
        var total = RetransmissionTally.Sum([new RetransmissionTally(1, 5), new RetransmissionTally(3, 3)]);

        total.Should().Be(new RetransmissionTally(4, 8));
        total.PerLostMessage.Should().Be(2.0, "8 retransmissions for 4 losses, not the mean of 5 and 1");
    }

    private static ProxyTraceRecord Request(RuleMessageKind kind, long number, int attempt, string? action = null) =>
        Record(FaultDirection.Request, kind, number, attempt, action);

    private static ProxyTraceRecord Response(RuleMessageKind kind, long number, int attempt) =>
        Record(FaultDirection.Response, kind, number, attempt, null);

    private static ProxyTraceRecord Record(FaultDirection direction, RuleMessageKind kind, long number, int attempt, string? action) =>
        new(0, 1, direction, 0, kind, "urn:uuid:s", number, attempt, action is null ? null : "rule 1 (" + action + ")", action, action == "drop" ? "dropped" : "forwarded", null, 600, 0.1);
}
