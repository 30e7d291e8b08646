using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Exploring;

/// <summary>The tiny workload explorations in tests run: one session of three calls with the harness client on short timers.</summary>
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
}
