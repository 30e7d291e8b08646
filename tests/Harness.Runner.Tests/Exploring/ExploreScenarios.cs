using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Exploring;

/// <summary>The tiny workloads explorations in tests run: one session of a few calls with the harness client on short timers.</summary>
internal static class ExploreScenarios
{
    public const string TinyYaml = """
        name: explore-tiny
        description: one session of three concurrent calls
        client: harness
        settings:
          initial-retransmission-timeout: 100ms
          min-retransmission-timeout: 50ms
          max-retry-count: 8
        workload: {sessions: 1, messages: 3, operation: request-reply, concurrency: 3}
        time-limit: 30s

        """;

    public static Scenario Tiny() => ScenarioLoader.Parse(TinyYaml, "explore-tiny.yaml");

    /// <summary>
    /// One session of <paramref name="messages"/> one-way calls, <paramref name="concurrency"/> at once. Flow control
    /// off: a source heeding BufferRemaining never overflows a destination buffer, and some explorations need it to.
    /// </summary>
    public static Scenario OneWay(int messages, int concurrency) => ScenarioLoader.Parse($$"""
        name: explore-one-way
        description: one session of one-way calls
        client: harness
        settings:
          initial-retransmission-timeout: 100ms
          min-retransmission-timeout: 50ms
          max-retry-count: 4
          flow-control-enabled: false
        workload: {sessions: 1, messages: {{messages}}, operation: one-way, concurrency: {{concurrency}}}
        time-limit: 30s

        """, "explore-one-way.yaml");
}
