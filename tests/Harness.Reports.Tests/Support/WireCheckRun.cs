using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Classification;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Proxy.WireCheck;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Reports.Tests.Support;

/// <summary>
/// The report of a <c>harness proxy --check</c> run, built from a wire of one sequence of three request-reply calls
/// whose service acknowledged message 2 before any copy of it arrived: the check fails naming it.
/// </summary>
internal static class WireCheckRun
{
    public const string SequenceId = "urn:uuid:checked-sequence";

    public static async Task<RunReport> BuildAsync(DateTimeOffset startedAt)
    {
        await using var trace = new ProxyTrace();
        var check = new WireChecker();
        var time = 0.0;
        void Observe(ProxyTraceRecord record, MessageClassification? classification)
        {
            trace.Record(record);
            check.Observed(record, classification);
        }

        Observe(new ProxyTraceRecord(time += 1, 1, FaultDirection.Request, 0, RuleMessageKind.CreateSequence, null, 0, 1, null, null, "forwarded", null, 600, 1), null);
        Observe(new ProxyTraceRecord(time += 1, 1, FaultDirection.Response, 0, RuleMessageKind.CreateSequenceResponse, SequenceId, 0, 1, null, null, "returned", 200, 600, 1), null);
        for (var number = 1L; number <= 3; number++)
        {
            var exchange = number + 1;
            Observe(
                new ProxyTraceRecord(time += 5, exchange, FaultDirection.Request, 0, RuleMessageKind.Application, SequenceId, number, 1, null, null, "forwarded", null, 700, 1),
                new MessageClassification { Kind = MessageKind.Application, SequenceId = SequenceId, MessageNumber = number, ExpectsReply = true });

            // The defect: every answer also acknowledges the next message, before it was sent.
            Observe(
                new ProxyTraceRecord(time += 1, exchange, FaultDirection.Response, 0, RuleMessageKind.Reply, "urn:uuid:reply", number, 1, null, null, "returned", 200, 700, 1),
                new MessageClassification
                {
                    Kind = MessageKind.Application,
                    SequenceId = "urn:uuid:reply",
                    Acknowledgements = [new CarriedAcknowledgement(SequenceId, [new SequenceRange(1, number + 1)], false, false, [])],
                });
        }

        Observe(new ProxyTraceRecord(time += 5, 5, FaultDirection.Request, 0, RuleMessageKind.Terminate, SequenceId, 0, 1, null, null, "forwarded", null, 600, 1), null);
        Observe(new ProxyTraceRecord(time += 1, 5, FaultDirection.Response, 0, RuleMessageKind.Terminate, "urn:uuid:reply", 0, 1, null, null, "returned", 200, 600, 1), null);

        var scenario = new Scenario("proxy-check-plan", "harness proxy --check in front of a broken service", 1, Reliability.Settings.ReliableSessionSettings.Default, new Workload(1, 3, WorkloadOperation.RequestReply, 1, 1), FaultPlan.Empty, Expectation.Holds, TimeSpan.FromSeconds(1), "plan.yaml");
        var result = WireCheckResult.Build(scenario, 1, check.Judge(), trace, startedAt, TimeSpan.FromMilliseconds(time));
        return RunReportBuilder.Build(
            new RunInfo("20260101-000003-proxy-check-plan", "harness proxy --listen http://127.0.0.1:0 --target http://127.0.0.1:9/svc --scenario plan.yaml --check", new RunOptionsReport(1, "http://127.0.0.1:9/svc", 1, null, null), startedAt),
            [ScenarioReportBuilder.Build(result)],
            interrupted: false,
            startedAt.AddMilliseconds(time));
    }
}
