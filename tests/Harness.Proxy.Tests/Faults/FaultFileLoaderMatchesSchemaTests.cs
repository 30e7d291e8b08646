using Harness.Proxy.Faults.Yaml;

namespace Harness.Proxy.Tests.Faults;

/// <summary>
/// The fault plan loader and schemas/fault-plan.schema.json define the same keys and names at every level: the
/// proxy's fault file, rules, matches, every action and its parameters.
/// </summary>
public sealed class FaultFileLoaderMatchesSchemaTests : LoaderMatchesSchemaTests<FaultFileFormat>;

/// <summary>The proxy's fault files: <see cref="FaultPlanYaml.ParseProxyText"/> and their schema.</summary>
public sealed class FaultFileFormat : ISchemaFormat
{
    public static string SchemaFile => SchemaFiles.FaultPlan;

    public static void Load(string yaml, string file) => FaultPlanYaml.ParseProxyText(yaml, file);
}
