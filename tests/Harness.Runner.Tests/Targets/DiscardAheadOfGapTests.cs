using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Targets;

/// <summary>
/// Against a destination that accepts only the next message in order on a reply session and discards what arrives
/// ahead of a gap (as CoreWCF does, legally: shared/wire/corewcf-target-findings.md, A), both clients converge with
/// several calls in flight: the lowest unacknowledged message is resent first, the next one as soon as its
/// predecessor is acknowledged, and the back-off starts again on progress.
/// </summary>
[NonParallelizable]
public class DiscardAheadOfGapTests
{
    [TestCase(ClientKind.Harness)]
    [TestCase(ClientKind.Wcf)]
    public async Task Three_sessions_with_eight_calls_in_flight_and_lost_messages_converge(ClientKind client)
    {
        await using var service = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { DiscardAheadOfGap = true } },
            CancellationToken.None);
        var scenario = ScenarioLoader.Parse($$"""
            name: discard-ahead-of-gap
            description: every seventh first send is lost, and everything sent after it until the resend is discarded
            client: {{ScenarioLoader.Clients.NameOf(client)}}
            workload: {sessions: 3, messages: 50, operation: request-reply, concurrency: 8}
            faults:
              - match: {kind: application, messages: {every: 7}, attempt: first}
                action: drop
            time-limit: 20s
            """, "discard-ahead-of-gap.yaml");

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = service.Endpoint }, CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        result.Statistics.Submitted.Should().Be(150);
        service.Destination.SequenceCount.Should().Be(0);
    }
}
