using Harness.Runner.Scenarios;

namespace Harness.Runner.Exploring;

/// <summary>
/// <c>space.json</c>: what an exploration explores, kept in its folder so that a resumed exploration places faults on
/// exactly the same messages (another fault-free run might see, say, one acknowledgement request more).
/// </summary>
/// <param name="Scenario">The base scenario's name.</param>
/// <param name="Client">The client every placement runs with.</param>
/// <param name="Workload">The workload every placement runs.</param>
/// <param name="Settings">The reliable-session settings every placement runs with, as text (what a resume compares).</param>
/// <param name="Inventory">The messages faults are placed on.</param>
/// <param name="FaultFreeMs">How long the fault-free run took: the base of the time estimate.</param>
/// <param name="HoldMs">How long delay holds a message, and the most reorder holds one.</param>
/// <param name="ScenarioFile">The scenario file explored (its full path), or null for the default workload: what
/// <c>--resume</c> alone loads again.</param>
public sealed record ExploreSpace(
    int SchemaVersion,
    string Scenario,
    ClientKind Client,
    Workload Workload,
    string Settings,
    IReadOnlyList<MessageTarget> Inventory,
    double FaultFreeMs,
    double HoldMs,
    string? ScenarioFile = null)
{
    public const string FileName = "space.json";

    public const int CurrentSchemaVersion = 1;

    /// <summary>Why <paramref name="baseScenario"/> is not what this space was explored with; null when it is.</summary>
    public string? MismatchWith(Scenario baseScenario)
    {
        ArgumentNullException.ThrowIfNull(baseScenario);
        return SchemaVersion != CurrentSchemaVersion ? $"its {FileName} is of another version ({SchemaVersion})"
            : Scenario != baseScenario.Name ? $"it explored scenario '{Scenario}', not '{baseScenario.Name}'"
            : Client != baseScenario.Client ? $"it explored with the {YamlName(Client)} client, not the {YamlName(baseScenario.Client)} client"
            : Workload != baseScenario.Workload ? $"it explored another workload ({Describe(Workload)}, not {Describe(baseScenario.Workload)})"
            : Settings != SettingsText(baseScenario) ? "it explored other reliable-session settings"
            : null;
    }

    /// <summary>The settings as the record prints them: every value, versions by name.</summary>
    public static string SettingsText(Scenario scenario) => scenario?.Settings.ToString() ?? string.Empty;

    internal static string Describe(Workload workload) =>
        $"{workload.Sessions} session(s) x {workload.Messages} message(s), {ScenarioLoader.Operations.NameOf(workload.Operation)}, concurrency {workload.Concurrency}";

    private static string YamlName(ClientKind client) => ScenarioLoader.Clients.NameOf(client);
}
