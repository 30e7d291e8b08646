using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Running;

/// <summary>The runner's own guarantees: repeatable decisions, bounded waits, partial results, external targets, suites.</summary>
[NonParallelizable]
public class ScenarioRunnerTests
{
    /// <summary>The harness client with short timers: these tests are about the runner, not about either client.</summary>
    private const string FastSettings = """
        client: harness
        settings:
          initial-retransmission-timeout: 100ms
          min-retransmission-timeout: 50ms
          max-retry-count: 10
        """;

    [Test]
    public async Task The_same_seed_makes_the_same_fault_decisions_and_another_seed_other_ones()
    {
        var scenario = Parse("lossy", $$"""
            {{FastSettings}}
            workload: {sessions: 3, messages: 30, operation: request-reply, concurrency: 4}
            faults:
              - match: {kind: application, attempt: first, probability: 0.3}
                action: drop
              - match: {kind: application, attempt: first, probability: 0.2}
                action: duplicate
            """);

        // Only first sends are matched: every run makes them all, so the lists must be equal (which retransmissions
        // happen, and which answer kind a first send gets, depend on timing; the next test covers those).
        var first = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);
        var second = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);
        var otherSeed = await ScenarioRunner.RunAsync(scenario, new RunOptions { Seed = 7 }, CancellationToken.None);

        first.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(first));
        first.Decisions.Should().NotBeEmpty();
        second.Decisions.Should().Equal(first.Decisions, "the same seed decides the same faults for the same messages");
        otherSeed.Seed.Should().Be(7);
        otherSeed.Decisions.Should().NotEqual(first.Decisions, "another seed picks other messages");
    }

    [Test]
    public async Task With_the_real_WCF_client_the_same_seed_makes_the_same_fault_decisions()
    {
        // The WCF client names its session in an HTTP header on every request, so decisions do not depend on which
        // session's CreateSequence reaches the proxy first.
        var scenario = Parse("lossy-wcf", """
            settings: {max-retry-count: 10}
            workload: {sessions: 3, messages: 12, operation: request-reply, concurrency: 4}
            faults:
              - match: {kind: application, attempt: first, probability: 0.15}
                action: drop
              - match: {kind: application, attempt: first, probability: 0.2}
                action: duplicate
            """);

        var first = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);
        var second = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        first.Scenario.Client.Should().Be(ClientKind.Wcf);
        first.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(first));
        first.Decisions.Should().NotBeEmpty();
        first.Decisions.Select(decision => decision.Session).Distinct().Should().HaveCount(3, "every session is hit");
        second.Decisions.Should().Equal(first.Decisions, "the same seed decides the same faults for the same messages");
    }

    [Test]
    public async Task With_the_same_seed_every_send_both_runs_saw_got_the_same_decision_even_on_retransmissions()
    {
        // Which retransmissions happen depends on timing, so the lists of decisions may differ; the decision for a
        // given send (session, kind, number, attempt, direction) must not.
        var scenario = Parse("lossy-retransmissions", $$"""
            {{FastSettings}}
            workload: {sessions: 2, messages: 40, operation: one-way, concurrency: 8}
            faults:
              - match: {kind: application, probability: 0.25}
                action: drop
              - match: {direction: response, kind: ack, probability: 0.2}
                action: drop-response
              - match: {kind: application, probability: 0.1}
                action: duplicate
            """);

        var first = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);
        var second = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        first.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(first));
        second.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(second));
        var before = DecisionBySend(first);
        var after = DecisionBySend(second);
        var common = before.Keys.Intersect(after.Keys).ToList();
        common.Should().HaveCountGreaterThan(100);
        common.Where(send => before[send] is not null).Should().HaveCountGreaterThan(10, "the rules hit many sends");
        common.Where(send => before[send] != after[send]).Should().BeEmpty("a send's decision depends only on the seed and the send");
    }

    private static Dictionary<(Proxy.Faults.FaultDirection, int, Proxy.Faults.RuleMessageKind, long, int), string?> DecisionBySend(ScenarioResult result) =>
        result.History.Trace
            .GroupBy(record => (record.Direction, record.Session, record.Kind, record.Number, record.Attempt))
            .ToDictionary(group => group.Key, group => group.Select(record => record.Action).FirstOrDefault(action => action is not null));

    [Test]
    public async Task The_time_limit_stops_a_run_and_keeps_what_happened_so_far()
    {
        // Every request after the fifth is lost for good, and the retry budget outlasts the time limit.
        var scenario = Parse("stuck", """
            client: harness
            settings: {initial-retransmission-timeout: 200ms, max-retry-count: 1000}
            workload: {messages: 20, operation: request-reply, concurrency: 1}
            faults:
              - match: {kind: application, messages: {from: 6}}
                action: drop
            time-limit: 2s
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.End.Should().Be(RunEnd.TimedOut);
        result.ExpectationMet.Should().BeFalse();
        result.Outcome.Should().Contain("time limit");
        result.Statistics.Duration.Should().BeLessThan(TimeSpan.FromSeconds(15), "the run stops soon after its limit");
        var calls = result.History.Sessions.Single().Calls;
        calls.Take(5).Should().AllSatisfy(call => call.Outcome.Should().Be(CallOutcome.Replied));
        calls.Skip(5).Should().ContainSingle().Which.Outcome.Should().Be(CallOutcome.Pending);
        result.Verdict.Passed.Should().BeTrue("a pending call in an interrupted session is not a silent loss; everything delivered was right");
    }

    [TestCase(ClientKind.Wcf)]
    [TestCase(ClientKind.Harness)]
    public async Task Cancelling_a_run_interrupts_it_with_a_partial_result(ClientKind client)
    {
        var scenario = Parse("slow", $$"""
            client: {{ScenarioLoader.Clients.NameOf(client)}}
            workload: {messages: 200, operation: one-way, concurrency: 1}
            faults:
              - action: {delay: 20ms}
            """);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), stop.Token);

        result.End.Should().Be(RunEnd.Interrupted);
        result.ExpectationMet.Should().BeFalse();
        // The WCF client's Post returns once the message is in its window (Sent); the harness client's once acknowledged.
        result.History.Sessions.Single().Calls.Count(call => call.Outcome is CallOutcome.Acknowledged or CallOutcome.Sent)
            .Should().BeInRange(1, 199, "some calls completed before the interruption, not all");
        result.History.Sessions.Single().Outcome.Should().Be(SessionOutcome.Unfinished);
        result.Verdict.Passed.Should().BeTrue(ScenarioLibraryTests.Explain(result));
    }

    [Test]
    public async Task A_run_cancelled_before_it_starts_reports_an_interruption_instead_of_throwing()
    {
        var scenario = Parse("never-started", "workload: {messages: 5}");

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), new CancellationToken(canceled: true));

        result.End.Should().Be(RunEnd.Interrupted);
        result.ExpectationMet.Should().BeFalse();
        result.Statistics.Submitted.Should().Be(0);
    }

    [Test]
    public async Task An_external_target_is_judged_through_Appends_delivered_counts()
    {
        await using var service = await JournalServiceHost.StartAsync(new JournalServiceOptions(), CancellationToken.None);
        var scenario = Parse("external", $$"""
            {{FastSettings}}
            workload: {sessions: 2, messages: 20, operation: request-reply, concurrency: 4}
            faults:
              - match: {kind: application, messages: [3, 9], attempt: first}
                action: drop
              - match: {kind: application, messages: 12, attempt: first}
                action: duplicate
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = service.Endpoint }, CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        result.Target.Should().Be(service.Endpoint);
        result.History.Deliveries.Should().HaveCount(40, "each reply names its call's place in the service's deliveries");
        service.Journal.Entries.Should().HaveCount(40, "the external service really received every call once");
    }

    [Test]
    public async Task An_external_target_that_delivers_duplicates_is_caught_through_the_counts()
    {
        await using var service = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { Defects = DestinationDefects.NoDuplicateSuppression } },
            CancellationToken.None);
        var scenario = Parse("external-duplicates", $$"""
            {{FastSettings}}
            workload: {messages: 12, operation: request-reply, concurrency: 1}
            faults:
              - match: {kind: application, messages: 4, attempt: first}
                action: duplicate
            expect: violated
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = service.Endpoint }, CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        result.Verdict.Violations.Should().Contain(violation => violation.Invariant == Invariant.NoAcknowledgedLoss || violation.Invariant == Invariant.NoDuplicates);
    }

    [Test]
    public async Task A_one_way_only_contract_is_skipped_against_an_external_target_with_the_reason()
    {
        var scenario = Parse("external-one-way", "contract: one-way-only\nworkload: {operation: one-way}");

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = new Uri("http://127.0.0.1:9/journal") }, CancellationToken.None);

        result.End.Should().Be(RunEnd.Skipped);
        result.ExpectationMet.Should().BeFalse();
        result.SkipReason.Should().Contain("one-way-only contract").And.Contain("Append's count");
    }

    [TestCase(ClientKind.Wcf)]
    [TestCase(ClientKind.Harness)]
    public async Task An_unreachable_external_target_faults_the_sessions_within_the_bounds(ClientKind client)
    {
        var timers = client == ClientKind.Harness ? "initial-retransmission-timeout: 50ms, " : string.Empty;
        var scenario = Parse("external-unreachable", $$"""
            client: {{ScenarioLoader.Clients.NameOf(client)}}
            settings: {{{timers}}max-retry-count: 2, send-timeout: 1s}
            workload: {messages: 3}
            time-limit: 20s
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = new Uri("http://127.0.0.1:9/journal") }, CancellationToken.None);

        result.End.Should().Be(RunEnd.Completed);
        result.History.Sessions.Single().Outcome.Should().Be(SessionOutcome.Faulted);
        result.ExpectationMet.Should().BeFalse();
        result.Outcome.Should().Contain("faulted");
    }

    [Test]
    public async Task A_suite_runs_scenarios_in_parallel_and_returns_results_in_their_order()
    {
        var scenarios = Enumerable.Range(1, 4).Select(index => Parse($"s{index}", "workload: {messages: 5}")).ToList();

        var results = await SuiteRunner.RunAsync(scenarios, new RunOptions(), parallel: 3, CancellationToken.None);

        results.Select(result => result.Scenario.Name).Should().Equal("s1", "s2", "s3", "s4");
        results.Should().AllSatisfy(result => result.ExpectationMet.Should().BeTrue());
    }

    [Test]
    public async Task An_interrupted_suite_leaves_out_the_scenarios_not_started()
    {
        var scenarios = Enumerable.Range(1, 3).Select(index => Parse($"s{index}", "workload: {messages: 100, operation: one-way, concurrency: 1}\nfaults:\n  - action: {delay: 20ms}")).ToList();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var results = await SuiteRunner.RunAsync(scenarios, new RunOptions(), parallel: 1, stop.Token);

        results.Should().ContainSingle().Which.End.Should().Be(RunEnd.Interrupted);
    }

    private static Scenario Parse(string name, string body) =>
        ScenarioLoader.Parse($"name: {name}\ndescription: runner test\n{body}\n", name + ".yaml");
}
