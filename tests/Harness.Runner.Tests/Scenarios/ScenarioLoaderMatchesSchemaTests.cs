using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Scenarios;

/// <summary>
/// The scenario loader and schemas/scenario.schema.json define the same keys and names at every level, the fault plan
/// the schema takes from fault-plan.schema.json included.
/// </summary>
public sealed class ScenarioLoaderMatchesSchemaTests : LoaderMatchesSchemaTests<ScenarioFormat>;

/// <summary>Scenario files: <see cref="ScenarioLoader"/> and their schema.</summary>
public sealed class ScenarioFormat : ISchemaFormat
{
    public static string SchemaFile => SchemaFiles.Scenario;

    public static void Load(string yaml, string file) => ScenarioLoader.Parse(yaml, file);
}
