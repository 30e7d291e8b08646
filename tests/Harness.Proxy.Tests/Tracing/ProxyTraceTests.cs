using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;

namespace Harness.Proxy.Tests.Tracing;

public sealed class ProxyTraceTests
{
    [Test]
    public async Task A_trace_not_kept_in_memory_holds_no_records_or_decisions_but_still_counts_them()
    {
        await using var trace = new ProxyTrace(jsonLinesPath: null, keepInMemory: false);

        for (var number = 1; number <= 1_000; number++)
        {
            trace.Record(new ProxyTraceRecord(0, number, FaultDirection.Request, 0, RuleMessageKind.Application, "urn:s", number, 1, "1", "drop", "dropped", null, 100, 0));
            trace.RecordDecision(new FaultDecisionRecord(FaultDirection.Request, 0, RuleMessageKind.Application, number, 1, 0, "drop"));
        }

        trace.Records.Should().BeEmpty();
        trace.Decisions.Should().BeEmpty("a standalone proxy may run for days and must not grow with the traffic");
        trace.Count.Should().Be(1_000);
        trace.ActionCounts.Should().Equal(new Dictionary<string, int> { ["drop"] = 1_000 });
    }

    [Test]
    public async Task A_trace_kept_in_memory_holds_every_record_and_decision()
    {
        await using var trace = new ProxyTrace();

        trace.Record(new ProxyTraceRecord(0, 1, FaultDirection.Request, 0, RuleMessageKind.Application, "urn:s", 1, 1, null, null, "forwarded", 200, 100, 0));
        trace.RecordDecision(new FaultDecisionRecord(FaultDirection.Request, 0, RuleMessageKind.Application, 1, 1, 0, "delay"));

        trace.Records.Should().ContainSingle();
        trace.Decisions.Should().ContainSingle().Which.Action.Should().Be("delay");
    }
}
