using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Running;

/// <summary>
/// Scenarios written in a test, on one RM version and client, with a retry budget. The retry budget (backing off from
/// the measured round trip) bounds how long a session takes to fault; the harness client gets short timers, which the
/// WCF client has no knob for.
/// </summary>
internal static class ShortTimerScenarios
{
    public static Scenario Parse(string name, string description, string rm, ClientKind client, int retries, string body) =>
        ScenarioLoader.Parse($"""
            name: {name}
            description: {description}
            client: {ScenarioLoader.Clients.NameOf(client)}
            settings:
              reliable-messaging-version: {rm}
            {(client == ClientKind.Harness ? "  initial-retransmission-timeout: 100ms\n  min-retransmission-timeout: 50ms\n" : string.Empty)}  max-retry-count: {retries}
            {body}
            time-limit: 30s
            """, name + ".yaml");
}
