using FluentAssertions.Execution;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Targets;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Targets;

/// <summary>
/// <c>harness run scenarios/ --target URL</c> against a service that speaks only WS-RM February 2005 with SOAP 1.2 and
/// WS-Addressing 1.0, as one CoreWCF endpoint does (the in-process service, restricted): what it cannot serve is
/// skipped with the reason, every applicable scenario is met (one-way ones judged by an Append's count at the end of
/// each session), and no sequence stays open on it.
/// </summary>
[NonParallelizable]
public class RestrictedTargetTests
{
    private static readonly TargetDialect Spoken = new(ReliableMessagingVersion.WSReliableMessagingFebruary2005, MessageVersion.Soap12WSAddressing10);

    /// <param name="client">Null runs each scenario with its own client, as <c>harness run</c> does (the real WCF client unless it needs the harness's).</param>
    [TestCase(null)]
    [TestCase(ClientKind.Harness)]
    public async Task The_library_skips_what_the_target_cannot_serve_meets_the_rest_and_leaves_no_sequence_open(ClientKind? client)
    {
        await using var service = await RestrictedServiceAsync();
        var library = Directory.GetFiles(RepositoryFiles.PathOf("scenarios"), "*.yaml")
            .Select(ScenarioLoader.Load)
            .Select(scenario => client is { } only ? scenario.ForClient(only) : scenario)
            .OfType<Scenario>()
            .OrderBy(scenario => scenario.Name, StringComparer.Ordinal)
            .ToList();

        var profile = await TargetProbe.ProbeAsync(service.Endpoint, library, new TargetProfile(), CancellationToken.None);
        var results = await SuiteRunner.RunAsync(library, new RunOptions { Target = service.Endpoint, TargetProfile = profile }, parallel: 1, CancellationToken.None);

        profile.Dialects.Should().ContainKey(Spoken).WhoseValue.Should().BeNull("the probe finds what the target speaks");
        profile.RefusesUnreliable.Should().NotBeNull("the target refuses messages without a reliable session");
        results.Should().HaveCount(library.Count);
        using (new AssertionScope())
        {
            foreach (var result in results)
            {
                var scenario = result.Scenario;
                if (scenario.Settings.Enabled && TargetDialect.Of(scenario) != Spoken)
                {
                    result.End.Should().Be(RunEnd.Skipped, "{0} speaks {1}", scenario.Name, TargetDialect.Of(scenario));
                    result.SkipReason.Should().Contain($"does not speak {TargetDialect.Of(scenario)}", scenario.Name);
                }
                else if (!scenario.Settings.Enabled)
                {
                    result.End.Should().Be(RunEnd.Skipped, "{0} is a negative control", scenario.Name);
                    result.SkipReason.Should().Contain("not meaningful", scenario.Name);
                }
                else if (scenario.Workload.Operation == WorkloadOperation.OneWay && (scenario.Contract == ContractShape.OneWayOnly || !scenario.Settings.Ordered))
                {
                    result.End.Should().Be(RunEnd.Skipped, "{0} is one-way with no Append to count with, or unordered", scenario.Name);
                }
                else
                {
                    result.ExpectationMet.Should().BeTrue("{0} is a scenario the target speaks: {1}", scenario.Name, ScenarioLibraryTests.Explain(result));
                    result.History.Sessions
                        .Where(session => session.Outcome == SessionOutcome.Closed && session.Calls.Any(call => call.Operation == Reliability.Journal.JournalOperation.Post))
                        .All(session => session.CountAtEnd == session.Calls.Count + 1)
                        .Should().BeTrue("{0}: a closed one-way session is judged by an Append's count at its end", scenario.Name);
                }
            }
        }

        results.Count(result => result.ExpectationMet).Should().BeGreaterThan(10, "most request-reply scenarios of the library are February 2005 with SOAP 1.2");
        service.Destination.SequenceCount.Should().Be(0, "every sequence a scenario or the probe opened was ended");
    }

    [Test]
    public async Task Sequences_a_run_stopped_by_its_time_limit_left_open_are_ended_on_the_target()
    {
        await using var service = await RestrictedServiceAsync();
        var scenario = ScenarioLoader.Parse("""
            name: stopped-mid-session
            description: every message after the fourth is lost until the time limit stops the run
            client: harness
            settings: {initial-retransmission-timeout: 100ms, max-retry-count: 1000}
            workload: {sessions: 3, messages: 20, operation: request-reply, concurrency: 2}
            faults:
              - match: {kind: application, messages: {from: 5}}
                action: drop
            time-limit: 3s
            """, "stopped-mid-session.yaml");

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = service.Endpoint }, CancellationToken.None);

        result.End.Should().Be(RunEnd.TimedOut, ScenarioLibraryTests.Explain(result));
        result.Notes.Should().HaveCount(3).And.OnlyContain(note => note.Contains("the harness ended it"));
        service.Destination.SequenceCount.Should().Be(0, "the three sequences the stopped clients left open were ended");
    }

    [Test]
    public async Task A_target_that_refuses_new_sequences_as_too_busy_is_named_as_its_limit_not_as_a_broken_guarantee()
    {
        await using var service = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { MaxSequences = 1 } },
            CancellationToken.None);
        var scenario = ScenarioLoader.Parse("""
            name: more-sessions-than-the-target-holds
            description: three sessions at once against a target that holds one
            client: harness
            settings: {initial-retransmission-timeout: 100ms}
            workload: {sessions: 3, messages: 20, operation: request-reply, concurrency: 1}
            time-limit: 20s
            """, "more-sessions-than-the-target-holds.yaml");

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = service.Endpoint }, CancellationToken.None);

        result.End.Should().Be(RunEnd.Error, ScenarioLibraryTests.Explain(result));
        result.Error.Should().Contain("limit of the target").And.Contain("too busy").And.Contain("--target-max-sessions");
    }

    [Test]
    public async Task A_target_that_answers_413_to_messages_larger_than_it_reads_is_named_as_its_limit()
    {
        await using var service = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { Limits = new Protocol.Serialization.WireLimits { MaxMessageBytes = 8_192 } } },
            CancellationToken.None);
        var scenario = ScenarioLoader.Parse("""
            name: larger-than-the-target-reads
            description: payloads of 20,000 characters against a target that reads 8 KiB
            client: harness
            settings: {initial-retransmission-timeout: 50ms, max-retry-count: 3}
            workload: {messages: 3, operation: request-reply, payload-size: 20000, concurrency: 1}
            time-limit: 20s
            """, "larger-than-the-target-reads.yaml");

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = service.Endpoint }, CancellationToken.None);

        result.End.Should().Be(RunEnd.Error, ScenarioLibraryTests.Explain(result));
        result.Error.Should().Contain("HTTP 413").And.Contain("larger than it accepts").And.Contain("--target-max-message-bytes");
    }

    [Test]
    public void A_scenario_beyond_the_stated_limits_is_skipped_with_the_limit_named()
    {
        var profile = new TargetProfile { MaxSessions = 4, MaxMessageBytes = 65_536 };
        var many = ScenarioLoader.Parse("name: many\ndescription: d\nworkload: {sessions: 20}\n", "many.yaml");
        var large = ScenarioLoader.Parse("name: large\ndescription: d\nworkload: {payload-size: 100000}\n", "large.yaml");
        var fits = ScenarioLoader.Parse("name: fits\ndescription: d\nworkload: {sessions: 4, payload-size: 60000}\n", "fits.yaml");

        profile.SkipReason(many).Should().Contain("20 sessions").And.Contain("at most 4");
        profile.SkipReason(large).Should().Contain("100,000 characters").And.Contain("65,536 bytes");
        profile.SkipReason(fits).Should().BeNull();
    }

    private static Task<JournalServiceHost> RestrictedServiceAsync() =>
        JournalServiceHost.StartAsync(
            new JournalServiceOptions
            {
                Destination = new DestinationOptions
                {
                    OnlyReliableMessagingVersion = Spoken.ReliableMessaging,
                    OnlyMessageVersion = Spoken.Message,
                },
            },
            CancellationToken.None);
}
